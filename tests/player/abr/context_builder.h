// Builds AbrContexts for table-driven tests (the spans point into the builder).
#pragma once

#include <vector>

#include "player/abr/types.h"

namespace abr::testing {

// Pensieve's reference ladder (bit/s).
inline const std::vector<double> kPensieveLadder = {300e3, 750e3, 1200e3, 1850e3, 2850e3, 4300e3};

struct ContextBuilder {
  std::vector<double> ladder = kPensieveLadder;
  std::vector<double> sizes;    // row-major [segment][rung]
  std::vector<double> quality;  // same shape or empty
  AbrContext ctx;

  ContextBuilder() {
    ctx.state = PlaybackState::kPlaying;
    ctx.segment_duration_s = 4;
    ctx.segments_remaining = 40;
    ctx.segment_index = 8;
    ctx.buffer_cap_s = 60;
  }
  // Nominal sizes (bitrate × duration) for `rows` segments.
  ContextBuilder& nominal_sizes(size_t rows) {
    sizes.clear();
    for (size_t k = 0; k < rows; ++k)
      for (double b : ladder) sizes.push_back(b * ctx.segment_duration_s / 8);
    return *this;
  }
  ContextBuilder& buffer(double s) {
    ctx.buffer_s = s;
    return *this;
  }
  ContextBuilder& last(size_t rung) {
    ctx.last_rung = rung;
    return *this;
  }
  const AbrContext& get() {
    ctx.bitrates_bps = ladder;
    ctx.upcoming_sizes_bytes = {sizes, ladder.size()};
    ctx.upcoming_quality_db = {quality, quality.empty() ? 0 : ladder.size()};
    return ctx;
  }
};

// A completed download of `seconds` at `rate_bps`, with the reference's 80 ms round trip.
inline SegmentResult download(size_t rung, double rate_bps, double seconds, double buffer_after_s = 10) {
  SegmentResult r;
  r.rung = rung;
  r.size_bytes = rate_bps * seconds / 8;
  r.download_s = seconds;
  r.ttfb_s = 0.08;
  r.buffer_after_s = buffer_after_s;
  return r;
}

}  // namespace abr::testing
