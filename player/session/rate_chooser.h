// The session's view of an ABR algorithm: what it tells the algorithm after
// each download and asks it before each video segment. abr_adapter.cc maps
// this onto the pure ABR library (player/abr/), so that the library's types
// appear in one file of the session.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "media/error.h"

namespace player {

struct ChoiceInput {
  double buffer_s = 0;          // video buffered ahead of the playback position
  bool playing = false;         // false during start-up and stalls
  size_t segment_index = 0;     // the segment about to be fetched
  size_t segment_count = 0;
  double segment_duration_s = 0;
  std::vector<double> bitrates_bps;  // the ladder, lowest first
  // upcoming_sizes_bytes[k][rung]: segment index+k at each rung (exact from
  // segments.json, else bitrate × duration); a few segments of lookahead.
  std::vector<std::vector<double>> upcoming_sizes_bytes;
  // upcoming_quality[k][rung]: PSNR (dB) when segments.json has it.
  std::vector<std::vector<double>> upcoming_quality;
  std::optional<size_t> last_rung;
  double max_buffer_s = 30;
};

struct Choice {
  size_t rung = 0;
  std::string reason;
  double estimate_bps = 0;  // the algorithm's throughput estimate when it chose
};

struct DownloadObservation {
  size_t rung = 0;
  double size_bytes = 0;
  double ttfb_s = 0;
  double download_s = 0;  // request → last byte (includes ttfb)
  double buffer_s = 0;    // after the download
  bool abandoned = false;
  // False for responses too small to measure throughput (their time is mostly
  // the round trip): the estimator must not learn from them.
  bool usable_for_estimate = true;
};

// Responses below this size say more about latency than about throughput.
inline constexpr double kMinThroughputSampleBytes = 16 * 1024;

// A video download in progress, for the abandonment question.
struct AbandonQuery {
  ChoiceInput context;       // as for choose(), for the segment being fetched
  size_t rung = 0;
  double size_bytes = 0;     // the whole segment
  double received_bytes = 0;
  double elapsed_s = 0;      // since the request was sent
  double ttfb_s = 0;         // part of elapsed_s before the first byte
};

class RateChooser {
 public:
  virtual ~RateChooser() = default;
  virtual Choice choose(const ChoiceInput& input) = 0;
  // A lower rung to restart the segment at, or nothing to carry on.
  virtual std::optional<size_t> should_abandon(const AbandonQuery& query) {
    (void)query;
    return std::nullopt;
  }
  virtual void observe(const DownloadObservation& obs) = 0;
  virtual double estimate_bps() const = 0;
  virtual std::string name() const = 0;
};

// Builds the algorithm registered under `name` ("default", "bola", "bb", ...).
media::Result<std::unique_ptr<RateChooser>> make_rate_chooser(const std::string& name);
// Every registered name, for --help and for cycling in the UI.
std::vector<std::string> rate_chooser_names();

}  // namespace player
