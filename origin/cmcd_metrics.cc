#include "origin/cmcd_metrics.h"

#include <sstream>

namespace origin {

CmcdMetrics::CmcdMetrics()
    : buffer_length_s_({0.5, 1, 2, 4, 8, 15, 30, 60, 120}),
      measured_throughput_bps_({250e3, 500e3, 1e6, 2e6, 4e6, 8e6, 16e6, 32e6, 64e6, 128e6}) {}

void CmcdMetrics::observe(const CmcdData& data) {
  constexpr auto relaxed = std::memory_order_relaxed;
  requests_.fetch_add(1, relaxed);
  if (data.su) startup_requests_.fetch_add(1, relaxed);
  if (data.bs) starvations_.fetch_add(1, relaxed);
  if (data.bl_ms) buffer_length_s_.observe(static_cast<double>(*data.bl_ms) / 1000);
  if (data.mtp_kbps) measured_throughput_bps_.observe(static_cast<double>(*data.mtp_kbps) * 1000);
}

std::string CmcdMetrics::render() const {
  std::ostringstream out;
  const uint64_t requests = requests_.load(), startup = startup_requests_.load();
  out << "# HELP dash_origin_cmcd_requests_total Requests that carried CMCD, by its startup flag (su).\n"
         "# TYPE dash_origin_cmcd_requests_total counter\n"
         "dash_origin_cmcd_requests_total{startup=\"true\"} " << startup << "\n"
         "dash_origin_cmcd_requests_total{startup=\"false\"} " << requests - startup << "\n"
         "# HELP dash_origin_cmcd_startup_share Share of CMCD requests made for startup, seek or stall recovery.\n"
         "# TYPE dash_origin_cmcd_startup_share gauge\n"
         "dash_origin_cmcd_startup_share "
      << (requests > 0 ? static_cast<double>(startup) / static_cast<double>(requests) : 0.0) << "\n"
      << "# HELP dash_origin_cmcd_buffer_starvations_total Requests reporting a buffer starvation (bs).\n"
         "# TYPE dash_origin_cmcd_buffer_starvations_total counter\n"
         "dash_origin_cmcd_buffer_starvations_total " << starvations_.load() << "\n"
      << "# HELP dash_origin_cmcd_invalid_total Requests whose CMCD did not parse (they are served anyway).\n"
         "# TYPE dash_origin_cmcd_invalid_total counter\n"
         "dash_origin_cmcd_invalid_total " << invalid_.load() << "\n";
  buffer_length_s_.render(out, "dash_origin_cmcd_buffer_length_seconds", "Buffer length the players report (bl).");
  measured_throughput_bps_.render(out, "dash_origin_cmcd_measured_throughput_bits_per_second",
                                  "Throughput the players measure (mtp).");
  return out.str();
}

}  // namespace origin
