#include "origin/metrics.h"

#include <algorithm>
#include <sstream>

namespace origin {

void Metrics::request_done(int status, uint64_t bytes_sent, double duration_s) {
  constexpr auto relaxed = std::memory_order_relaxed;
  if (status >= kMinStatus && status <= kMaxStatus) requests_by_status_[status - kMinStatus].fetch_add(1, relaxed);
  else other_status_.fetch_add(1, relaxed);
  bytes_sent_.fetch_add(bytes_sent, relaxed);
  // Buckets are stored per interval and summed when rendered.
  auto it = std::lower_bound(kDurationBucketsS.begin(), kDurationBucketsS.end(), duration_s);
  if (it != kDurationBucketsS.end()) bucket_counts_[static_cast<size_t>(it - kDurationBucketsS.begin())].fetch_add(1, relaxed);
  duration_count_.fetch_add(1, relaxed);
  duration_sum_us_.fetch_add(static_cast<uint64_t>(std::max(0.0, duration_s) * 1e6), relaxed);
}

std::string Metrics::render(size_t open_connections, const std::string& extra) const {
  std::ostringstream out;
  out << "# HELP dash_origin_requests_total Requests answered, by HTTP status.\n"
         "# TYPE dash_origin_requests_total counter\n";
  for (int status = kMinStatus; status <= kMaxStatus; ++status)
    if (uint64_t n = requests_by_status_[status - kMinStatus].load())
      out << "dash_origin_requests_total{status=\"" << status << "\"} " << n << "\n";
  if (uint64_t n = other_status_.load()) out << "dash_origin_requests_total{status=\"other\"} " << n << "\n";
  out << "# HELP dash_origin_bytes_sent_total Body bytes sent.\n"
         "# TYPE dash_origin_bytes_sent_total counter\n"
         "dash_origin_bytes_sent_total " << bytes_sent_.load() << "\n";
  out << "# HELP dash_origin_request_duration_seconds Time from request to last byte.\n"
         "# TYPE dash_origin_request_duration_seconds histogram\n";
  const uint64_t count = duration_count_.load();
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kDurationBucketsS.size(); ++i) {
    cumulative += bucket_counts_[i].load();
    out << "dash_origin_request_duration_seconds_bucket{le=\"" << kDurationBucketsS[i] << "\"} "
        << std::min(cumulative, count) << "\n";
  }
  out << "dash_origin_request_duration_seconds_bucket{le=\"+Inf\"} " << count << "\n"
      << "dash_origin_request_duration_seconds_sum " << static_cast<double>(duration_sum_us_.load()) / 1e6 << "\n"
      << "dash_origin_request_duration_seconds_count " << count << "\n";
  out << "# HELP dash_origin_open_connections Client connections open.\n"
         "# TYPE dash_origin_open_connections gauge\n"
         "dash_origin_open_connections " << open_connections << "\n";
  out << extra;
  return out.str();
}

}  // namespace origin
