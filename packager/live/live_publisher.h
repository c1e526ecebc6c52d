// Publishes a live presentation while it is packaged: receives every segment
// from the representations' workers, rewrites manifest.mpd atomically
// whenever the listed segments change (write to a temporary name, rename),
// and deletes segment files a margin after they left the time-shift window,
// so disk use stays bounded however long the stream runs. At the end the MPD
// becomes static (complete segments only); after a failure it is made static
// too, or removed when even that cannot be written, so no MPD is ever left
// naming a segment that is not there.
//
// Thread-safe: workers call on_segment/on_segment_started concurrently.
#pragma once

#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "media/error.h"
#include "media/mpd/model.h"
#include "packager/live/live_manifest.h"
#include "packager/segment_event.h"

namespace packager {

inline constexpr const char* kLiveManifestName = "manifest.mpd";

// Removes what an earlier live run left in `dir` under our names (manifest,
// segments, init segments, temporary files); other files stay.
media::Status remove_stale_live_outputs(const std::filesystem::path& dir);

class LivePublisher : public SegmentSink {
 public:
  // `unix_now` gives the wall-clock time for publishTime.
  LivePublisher(std::filesystem::path dir, LiveManifestSettings settings, std::function<double()> unix_now);

  void begin_period(double origin_unix_s, uint64_t first_number, PresentationDescription representations,
                    std::map<std::string, uint64_t> nominal_bandwidth_bps);

  void on_segment(const SegmentWritten& segment) override;
  void on_segment_started(const SegmentWritten& segment) override;

  // The number the next Period's first segment gets (numbers never repeat).
  uint64_t next_number() const;
  // The first error of an MPD write or deletion (workers cannot return it).
  std::optional<media::Error> error() const;
  uint64_t mpd_writes() const;

  // The stream ended (or failed): the static MPD over the complete segments
  // replaces the dynamic one; when it cannot be written, no MPD is left.
  media::Status finish();

 private:
  void publish_locked();  // requires: mutex_ held
  void delete_expired_locked();
  void record_error_locked(const media::Error& e);

  const std::filesystem::path dir_;
  const std::function<double()> unix_now_;
  const double delete_margin_s_;
  mutable std::mutex mutex_;  // guards everything below
  LiveManifest manifest_;
  std::deque<LiveManifest::Expired> expired_;  // out of the MPD, files still there
  std::optional<media::Mpd> last_published_;   // publishTime cleared, to skip identical rewrites
  uint64_t next_number_ = 1;
  uint64_t mpd_writes_ = 0;
  std::optional<media::Error> error_;
};

}  // namespace packager
