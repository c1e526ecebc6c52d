// The `prft` box (ProducerReferenceTime, ISO/IEC 14496-12 8.16.5) a live
// packager puts before each fragment's `moof`: the wall-clock time at which
// the fragment's first sample was captured, so a player can measure latency
// end to end.
#pragma once

#include <cstdint>
#include <vector>

namespace packager::mp4 {

// flags 24: the NTP time is the capture time of the sample at media_time.
inline constexpr uint32_t kPrftCaptureTimeFlags = 24;

// Unix seconds → 64-bit NTP (32.32 fixed point since 1900).
uint64_t unix_to_ntp(double unix_s);

// Version 1 (64-bit media time).
std::vector<uint8_t> build_prft(uint32_t track_id, double capture_unix_s, uint64_t media_time_ticks);

}  // namespace packager::mp4
