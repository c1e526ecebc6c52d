// The session's record: one JSON object per downloaded segment and per event
// (start, first frame, stalls, switches, retries, failovers, errors), written
// as JSON lines to --log FILE and kept in memory for the summary.
// Thread-safe: every stream thread logs through the same object.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "media/error.h"
#include "player/abr/types.h"

namespace player {

struct SegmentRecord {
  double wall_s = 0;  // seconds since the session started
  std::string stream;  // "video" / "audio" / "text"
  size_t period = 0;   // index of the Period
  size_t index = 0;    // of the segment in its Period
  size_t rung = 0;
  std::string representation;
  double bitrate_bps = 0;  // the representation's @bandwidth
  uint64_t size_bytes = 0;
  double ttfb_ms = 0;
  double download_ms = 0;  // request → last byte
  double throughput_bps = 0;
  double buffer_before_s = 0;
  double buffer_after_s = 0;
  double estimate_bps = 0;
  double media_start_s = 0;
  double media_duration_s = 0;
  double rebuffer_s = 0;  // stall time since the stream's previous segment was added
  double request_s = 0;   // session time of the segment's first request
  double wait_s = 0;      // idle before that request (a full buffer, the algorithm's wait)
  size_t abandoned = 0;   // attempts abandoned before the one that delivered
  double abandoned_bytes = 0;  // received by those attempts, then thrown away
  bool skipped = false;   // missing after every retry
  size_t chunks = 0;      // CMAF chunks played while the segment still arrived (0: appended whole)
  std::string pathway;    // serviceLocation of the BaseURL that delivered it (content steering), or ""
  abr::Reason abr_reason;
};

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

  std::vector<SegmentRecord> segments() const;
  std::vector<nlohmann::json> events() const;

 private:
  void write_line(const nlohmann::json& j);

  mutable std::mutex mutex_;  // guards everything below
  std::FILE* file_ = nullptr;
  std::vector<SegmentRecord> segments_;
  std::vector<nlohmann::json> events_;
  bool keep_events_ = true;
};

}  // namespace player
