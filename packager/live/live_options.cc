#include "packager/live/live_options.h"

#include <algorithm>
#include <cmath>

namespace packager {
namespace {

media::Error invalid_live_option(std::string message) {
  return media::make_error(media::ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace

double target_latency_s(const LiveOptions& live, double segment_duration_s) {
  if (live.target_latency_s) return *live.target_latency_s;
  if (live.chunk_duration_s > 0) return std::max(1.0, 2 * live.chunk_duration_s);
  return 1.5 * segment_duration_s;
}

media::Status validate_live_options(const LiveOptions& live, double segment_duration_s) {
  if (!std::isfinite(live.chunk_duration_s) || live.chunk_duration_s < 0)
    return invalid_live_option("--chunk-duration must be a positive number of seconds");
  if (live.chunk_duration_s > 0 && (live.chunk_duration_s < 0.1 || live.chunk_duration_s >= segment_duration_s))
    return invalid_live_option("--chunk-duration must be at least 0.1 s and shorter than --segment-duration");
  if (!std::isfinite(live.window_s) || live.window_s < 2 * segment_duration_s || live.window_s > 86400)
    return invalid_live_option("--window must be between two segments and 86400 seconds");
  if (live.target_latency_s && (!std::isfinite(*live.target_latency_s) || *live.target_latency_s <= 0 ||
                                *live.target_latency_s > 600))
    return invalid_live_option("--target-latency must be between 0 and 600 seconds");
  if (live.utc_timing_url.empty()) return invalid_live_option("--utc-timing needs a URL");
  if (!std::isfinite(live.stall_timeout_s) || live.stall_timeout_s < 0.5 || live.stall_timeout_s > 600)
    return invalid_live_option("--stall-timeout must be between 0.5 and 600 seconds");
  if (live.test_source && live.realtime) return invalid_live_option("--realtime reads a file; the live test source is paced already");
  return {};
}

bool is_stream_url(const std::string& input) {
  static constexpr const char* kSchemes[] = {"srt://", "udp://", "rtp://", "rtmp://", "tcp://", "rist://", "http://", "https://"};
  return std::any_of(std::begin(kSchemes), std::end(kSchemes),
                     [&](const char* scheme) { return input.rfind(scheme, 0) == 0; });
}

}  // namespace packager
