#include "player/sim/reference_network.h"

namespace sim {
namespace {

// Pensieve's constants, kept as it writes them (B_IN_MB, BITS_IN_BYTE).
constexpr double kBytesInMegabyte = 1000000.0;
constexpr double kBitsInByte = 8.0;
constexpr double kMillisecondsInSecond = 1000.0;

}  // namespace

ReferenceNetwork::ReferenceNetwork(std::span<const media::CookedSample> samples)
    : samples_(samples), last_time_s_(samples.empty() ? 0 : samples[0].time_s) {}

void ReferenceNetwork::advance() {
  ++ptr_;
  if (ptr_ >= samples_.size()) {
    ptr_ = 1;
    last_time_s_ = 0;
  }
}

std::optional<double> ReferenceNetwork::download(double size_bytes) {
  if (samples_.size() < 2) return std::nullopt;
  double delay_s = 0;
  double sent_bytes = 0;
  // Guards against a trace that never delivers: a full pass without payload.
  size_t idle_samples = 0;
  while (true) {
    const double throughput = samples_[ptr_].rate_mbps * kBytesInMegabyte / kBitsInByte;
    const double duration_s = samples_[ptr_].time_s - last_time_s_;
    const double payload = throughput * duration_s * kPayloadShare;
    if (sent_bytes + payload > size_bytes) {
      const double fractional_s = (size_bytes - sent_bytes) / throughput / kPayloadShare;
      delay_s += fractional_s;
      last_time_s_ += fractional_s;
      return delay_s;
    }
    idle_samples = payload > 0 ? 0 : idle_samples + 1;
    if (idle_samples > samples_.size()) return std::nullopt;
    sent_bytes += payload;
    delay_s += duration_s;
    last_time_s_ = samples_[ptr_].time_s;
    advance();
  }
}

void ReferenceNetwork::sleep(double sleep_ms) {
  if (samples_.size() < 2) return;
  size_t empty_samples = 0;
  while (true) {
    const double duration_s = samples_[ptr_].time_s - last_time_s_;
    if (duration_s > sleep_ms / kMillisecondsInSecond) {
      last_time_s_ += sleep_ms / kMillisecondsInSecond;
      return;
    }
    // A trace whose samples all share one time cannot absorb the sleep.
    empty_samples = duration_s > 0 ? 0 : empty_samples + 1;
    if (empty_samples > samples_.size()) return;
    sleep_ms -= duration_s * kMillisecondsInSecond;
    last_time_s_ = samples_[ptr_].time_s;
    advance();
  }
}

std::vector<media::CookedSample> reference_samples(const media::NetworkTrace& trace) {
  if (trace.format == media::TraceFormat::kPensieveCooked && trace.cooked_samples.size() >= 2)
    return trace.cooked_samples;
  std::vector<media::CookedSample> samples;
  samples.reserve(trace.periods.size() + 1);
  double t = 0;
  samples.push_back({0, trace.periods.empty() ? 0 : trace.periods.front().rate_bps / 1e6});
  for (const auto& p : trace.periods) {
    t += p.duration_s;
    samples.push_back({t, p.rate_bps / 1e6});
  }
  return samples;
}

}  // namespace sim
