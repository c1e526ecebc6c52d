// The reference network of the ABR literature (Pensieve's sim/ and test/
// fixed_env.py; abr-reference/REFERENCE-MODEL.md), reproduced operation by
// operation so that results match the published ones to the last digit:
// - samples (t_k s, bw_k Mbit/s); sample p delivers bw_p·10^6/8 · 0.95 bytes/s
//   for (t_p − last_t) seconds; the last sample of a download is used only
//   for the fraction needed;
// - state: p (starts at 1) and last_t (starts at t_0); past the last sample
//   p = 1 and last_t = 0 (the trace wraps);
// - an idle period (the player sleeping with a full buffer) walks the same
//   samples delivering nothing.
// The round trip and the buffer live in the session (reference_session.h).
// Not thread-safe; one per session. requires: samples.size() >= 2.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "media/net_trace.h"

namespace sim {

// Pensieve's PACKET_PAYLOAD_PORTION: the share of the link rate that carries payload.
inline constexpr double kPayloadShare = 0.95;

class ReferenceNetwork {
 public:
  explicit ReferenceNetwork(std::span<const media::CookedSample> samples);

  // Transfers `size_bytes` and returns the time it took (s, without any
  // round trip); nothing when the trace delivers no byte in a whole pass.
  std::optional<double> download(double size_bytes);
  // Lets `sleep_ms` of trace time pass (Pensieve keeps this in ms).
  void sleep(double sleep_ms);

 private:
  void advance();  // p += 1, wrapping

  std::span<const media::CookedSample> samples_;
  size_t ptr_ = 1;
  double last_time_s_ = 0;
};

// The samples the reference walk uses for any trace: Pensieve's own for a
// cooked trace; for the others, the periods as cumulative end times
// (sample k holds during (t_{k−1}, t_k], sample 0 at t = 0 is never used).
std::vector<media::CookedSample> reference_samples(const media::NetworkTrace& trace);

}  // namespace sim
