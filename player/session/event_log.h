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

namespace player {

struct SegmentRecord {
  double wall_s = 0;  // seconds since the session started
  std::string stream;  // "video" / "audio"
  size_t index = 0;
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
  double rebuffer_s = 0;  // stall time while this segment downloaded
  bool skipped = false;   // missing after every retry
  std::string abr_reason;
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
};

}  // namespace player
