#include "player/session/event_log.h"

#include <cerrno>
#include <cstring>

namespace player {

nlohmann::json to_json(const SegmentRecord& r) {
  nlohmann::json j = {{"type", "segment"},
                      {"t", r.wall_s},
                      {"stream", r.stream},
                      {"period", r.period},
                      {"index", r.index},
                      {"rung", r.rung},
                      {"representation", r.representation},
                      {"bitrate", r.bitrate_bps},
                      {"bytes", r.size_bytes},
                      {"ttfb_ms", r.ttfb_ms},
                      {"download_ms", r.download_ms},
                      {"throughput_bps", r.throughput_bps},
                      {"buffer_before_s", r.buffer_before_s},
                      {"buffer_after_s", r.buffer_after_s},
                      {"estimate_bps", r.estimate_bps},
                      {"media_start_s", r.media_start_s},
                      {"media_duration_s", r.media_duration_s},
                      {"rebuffer_s", r.rebuffer_s},
                      {"request_s", r.request_s},
                      {"wait_s", r.wait_s},
                      {"abandoned", r.abandoned},
                      {"abandoned_bytes", r.abandoned_bytes},
                      {"skipped", r.skipped},
                      {"abr_reason", r.abr_reason.text()}};
  if (!r.pathway.empty()) j["pathway"] = r.pathway;
  if (r.chunks > 0) j["chunks"] = r.chunks;
  return j;
}

EventLog::~EventLog() {
  if (file_ != nullptr) std::fclose(file_);
}

media::Status EventLog::open(const std::string& path) {
  if (path.empty()) return {};
  std::scoped_lock lock(mutex_);
  file_ = std::fopen(path.c_str(), "w");
  if (file_ == nullptr)
    return media::make_error(media::ErrorCode::kIo, "open log '" + path + "': " + std::strerror(errno));
  return {};
}

void EventLog::write_line(const nlohmann::json& j) {
  if (file_ == nullptr) return;
  std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

void EventLog::segment(const SegmentRecord& record) {
  std::scoped_lock lock(mutex_);
  tally_.add(record);
  segments_.push_back(record);
  if (segments_.size() > kept_records_) segments_.pop_front();
  if (file_ != nullptr) write_line(to_json(record));
}

void EventLog::event(double wall_s, const std::string& name, nlohmann::json fields) {
  if (!keep_events_ && file_ == nullptr) return;
  fields["type"] = "event";
  fields["t"] = wall_s;
  fields["event"] = name;
  std::scoped_lock lock(mutex_);
  tally_.add_event(name);
  write_line(fields);
  if (!keep_events_) return;
  events_.push_back(std::move(fields));
  if (events_.size() > kept_records_) events_.pop_front();
}

void EventLog::summary(const nlohmann::json& summary) {
  nlohmann::json j = summary;
  j["type"] = "summary";
  std::scoped_lock lock(mutex_);
  write_line(j);
}

std::vector<SegmentRecord> EventLog::segments() const {
  std::scoped_lock lock(mutex_);
  return {segments_.begin(), segments_.end()};
}

std::vector<nlohmann::json> EventLog::events() const {
  std::scoped_lock lock(mutex_);
  return {events_.begin(), events_.end()};
}

SessionTally EventLog::tally() const {
  std::scoped_lock lock(mutex_);
  return tally_;
}

}  // namespace player
