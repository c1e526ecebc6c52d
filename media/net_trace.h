// Network traces: what a link delivers over time, read from the formats used in
// the ABR literature. Used by the origin's shaper and by the ABR simulator.
//
// - Pensieve "cooked": one `<time_s> <Mbit/s>` pair per line; sample k holds
//   during (t[k-1], t[k]]. The raw samples are kept because the reference
//   simulator walks them directly (see abr-reference/REFERENCE-MODEL.md).
// - Sabre JSON: [{"duration_ms", "bandwidth_kbps", "latency_ms"}, ...].
// - Mahimahi: one integer per line, the millisecond at which one 1500-byte
//   packet may leave; the file repeats with a period of its last timestamp.
// Every trace also has a normalised form, `periods`, that wraps at the end.
#pragma once

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "media/error.h"

namespace media {

enum class TraceFormat { kPensieveCooked, kSabreJson, kMahimahi };

std::string_view to_string(TraceFormat format);

struct TracePeriod {
  double duration_s = 0;
  double rate_bps = 0;     // link rate during the period (bit/s, 10^6 = 1 Mbit/s)
  double latency_ms = 0;   // per-request delay before the first byte

  bool operator==(const TracePeriod&) const = default;
};

struct CookedSample {
  double time_s = 0;
  double rate_mbps = 0;  // megabits per second, as in the file

  bool operator==(const CookedSample&) const = default;
};

struct NetworkTrace {
  std::string name;  // file name, for reports
  TraceFormat format = TraceFormat::kPensieveCooked;
  std::vector<TracePeriod> periods;           // consecutive; wraps after the last
  std::vector<CookedSample> cooked_samples;   // only for kPensieveCooked

  double total_duration_s() const;
  // Time-averaged link rate over one pass of the trace.
  double mean_rate_bps() const;
  // Link rate and latency at trace time t (seconds since start, wrapping).
  const TracePeriod& period_at(double t_s) const;
};

std::ostream& operator<<(std::ostream& os, const TracePeriod& p);

// Mahimahi packets are MTU-sized.
inline constexpr double kMahimahiPacketBytes = 1500;
// Mahimahi traces are bucketed into periods of this length (ms).
inline constexpr int kMahimahiBucketMs = 100;

Result<NetworkTrace> parse_pensieve_cooked(std::string_view text, std::string name = {});
Result<NetworkTrace> parse_sabre_json(std::string_view text, std::string name = {});
Result<NetworkTrace> parse_mahimahi(std::string_view text, std::string name = {});

// Detects the format: JSON array → Sabre; one integer per line → Mahimahi;
// two numbers per line → Pensieve cooked.
Result<NetworkTrace> parse_trace(std::string_view text, std::string name = {});
Result<NetworkTrace> read_trace_file(const std::filesystem::path& path);

// Every regular file of a directory (sorted by name), or the file itself.
Result<std::vector<NetworkTrace>> read_traces(const std::filesystem::path& path);

}  // namespace media
