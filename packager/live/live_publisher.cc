#include "packager/live/live_publisher.h"

#include <regex>

#include "media/mpd/writer.h"

namespace packager {
namespace {

// Files a live run writes: manifest.mpd, "<id>-<n>.m4s" (+ ".part"),
// "<id>-p<k>-init.mp4", and any of them + ".tmp".
bool is_live_output_name(const std::string& name) {
  static const std::regex kPattern(R"((manifest\.mpd|[va][0-9]+-[0-9]+\.m4s(\.part)?|[va][0-9]+-p[0-9]+-init\.mp4)(\.tmp)?)");
  return std::regex_match(name, kPattern);
}

}  // namespace

LivePublisher::LivePublisher(std::filesystem::path dir, LiveManifestSettings settings,
                             std::function<double()> unix_now)
    : dir_(std::move(dir)),
      unix_now_(std::move(unix_now)),
      // A player holding the previous MPD may still ask for a segment that just
      // left the window: keep files a few segments (and one MPD update) longer.
      delete_margin_s_(3 * settings.segment_duration_s),
      manifest_(std::move(settings)) {}

media::Status remove_stale_live_outputs(const std::filesystem::path& dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file() || !is_live_output_name(entry.path().filename().string())) continue;
    std::filesystem::remove(entry.path(), ec);
    if (ec)
      return media::make_error(media::ErrorCode::kIo, "remove old '" + entry.path().string() + "': " + ec.message());
  }
  if (ec) return media::make_error(media::ErrorCode::kIo, "list '" + dir.string() + "': " + ec.message());
  return {};
}

void LivePublisher::begin_period(double origin_unix_s, uint64_t first_number, PresentationDescription representations,
                                 std::map<std::string, uint64_t> nominal_bandwidth_bps) {
  std::scoped_lock lock(mutex_);
  manifest_.begin_period(origin_unix_s, first_number, std::move(representations), std::move(nominal_bandwidth_bps));
  next_number_ = std::max(next_number_, first_number);
}

void LivePublisher::on_segment(const SegmentWritten& segment) {
  std::scoped_lock lock(mutex_);
  manifest_.add_segment(segment);
  next_number_ = std::max(next_number_, segment.index + 1);
  publish_locked();
}

void LivePublisher::on_segment_started(const SegmentWritten& segment) {
  std::scoped_lock lock(mutex_);
  SegmentWritten announced = segment;
  announced.size_bytes = 0;  // LiveManifest's mark of a growing segment
  manifest_.add_segment(announced);
  next_number_ = std::max(next_number_, segment.index + 1);
  publish_locked();
}

void LivePublisher::publish_locked() {
  if (!manifest_.has_segments()) return;
  for (auto& e : manifest_.trim()) expired_.push_back(std::move(e));
  auto mpd = manifest_.dynamic_mpd(unix_now_());
  if (!mpd.ok()) return record_error_locked(mpd.error());
  media::Mpd compared = *mpd;
  compared.publish_time.reset();
  if (last_published_ && *last_published_ == compared) return;
  if (auto st = media::write_mpd_file(*mpd, dir_ / kLiveManifestName); !st.ok()) return record_error_locked(st.error());
  last_published_ = std::move(compared);
  ++mpd_writes_;
  delete_expired_locked();
}

void LivePublisher::delete_expired_locked() {
  const double before_s = manifest_.live_edge_s() - manifest_.settings().time_shift_buffer_s - delete_margin_s_;
  std::error_code ec;
  while (!expired_.empty() && expired_.front().end_s < before_s) {
    std::filesystem::remove(dir_ / expired_.front().path, ec);
    if (ec) record_error_locked(media::make_error(media::ErrorCode::kIo, "remove '" + expired_.front().path + "': " + ec.message()));
    expired_.pop_front();
  }
}

void LivePublisher::record_error_locked(const media::Error& e) {
  if (!error_) error_ = e;
}

uint64_t LivePublisher::next_number() const {
  std::scoped_lock lock(mutex_);
  return next_number_;
}

std::optional<media::Error> LivePublisher::error() const {
  std::scoped_lock lock(mutex_);
  return error_;
}

uint64_t LivePublisher::mpd_writes() const {
  std::scoped_lock lock(mutex_);
  return mpd_writes_;
}

media::Status LivePublisher::finish() {
  std::scoped_lock lock(mutex_);
  auto mpd = manifest_.static_mpd();
  if (!mpd.ok()) {
    std::error_code ec;
    std::filesystem::remove(dir_ / kLiveManifestName, ec);
    return mpd.error();
  }
  if (auto st = media::write_mpd_file(*mpd, dir_ / kLiveManifestName); !st.ok()) {
    std::error_code ec;
    std::filesystem::remove(dir_ / kLiveManifestName, ec);
    return st;
  }
  // Segments that left the window are in no MPD any more.
  std::error_code ec;
  for (const auto& e : expired_) std::filesystem::remove(dir_ / e.path, ec);
  expired_.clear();
  return {};
}

}  // namespace packager
