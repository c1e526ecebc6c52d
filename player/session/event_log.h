// The session's record: one JSON object per downloaded segment and per event
// (start, first frame, stalls, switches, retries, failovers, errors), written
// as JSON lines to --log FILE. The newest records stay in memory (for tests
// and the simulator), and a running tally of all of them feeds the summary,
// so a live session of days does not grow without bound.
// Thread-safe: every stream thread logs through the same object.
#pragma once

#include <algorithm>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "media/error.h"
#include "player/session/segment_record.h"
#include "player/session/session_tally.h"

namespace player {

nlohmann::json to_json(const SegmentRecord& r);

class EventLog {
 public:
  EventLog() = default;
  ~EventLog();
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Also writes every record to `path` (JSON lines). Empty = memory only.
  media::Status open(const std::string& path);
  // false: events are written to the file (if any) but not kept in memory.
  void keep_events(bool keep) { keep_events_ = keep; }
  // Whether event() records anything (callers skip building fields when not).
  bool records_events() const { return keep_events_ || file_ != nullptr; }

  void segment(const SegmentRecord& record);
  // An event: {"type": "event", "t": wall_s, "event": name, ...fields}.
  void event(double wall_s, const std::string& name, nlohmann::json fields = nlohmann::json::object());
  void summary(const nlohmann::json& summary);

  // The newest kKeptRecords segment records and events (all of a session of
  // hours; a live session of days drops the oldest), unless set otherwise.
  static constexpr size_t kKeptRecords = 20000;
  void set_kept_records(size_t n) { kept_records_ = std::max<size_t>(n, 1); }
  std::vector<SegmentRecord> segments() const;
  std::vector<nlohmann::json> events() const;
  // Every segment record and recorded event, added up.
  SessionTally tally() const;

 private:
  void write_line(const nlohmann::json& j);

  mutable std::mutex mutex_;  // guards everything below
  std::FILE* file_ = nullptr;
  std::deque<SegmentRecord> segments_;
  std::deque<nlohmann::json> events_;
  SessionTally tally_;
  bool keep_events_ = true;
  size_t kept_records_ = kKeptRecords;
};

}  // namespace player
