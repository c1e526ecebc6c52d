#include "origin/metrics.h"

#include <sstream>

namespace origin {

void Metrics::request_done(int status, uint64_t bytes_sent, double duration_s) {
  std::scoped_lock lock(mutex_);
  ++requests_by_status_[status];
  bytes_sent_ += bytes_sent;
  for (size_t i = 0; i < kDurationBucketsS.size(); ++i)
    if (duration_s <= kDurationBucketsS[i]) ++bucket_counts_[i];
  ++duration_count_;
  duration_sum_s_ += duration_s;
}

std::string Metrics::render(size_t open_connections, const std::string& extra) const {
  std::ostringstream out;
  std::scoped_lock lock(mutex_);
  out << "# HELP dash_origin_requests_total Requests answered, by HTTP status.\n"
         "# TYPE dash_origin_requests_total counter\n";
  for (const auto& [status, n] : requests_by_status_)
    out << "dash_origin_requests_total{status=\"" << status << "\"} " << n << "\n";
  out << "# HELP dash_origin_bytes_sent_total Body bytes sent.\n"
         "# TYPE dash_origin_bytes_sent_total counter\n"
         "dash_origin_bytes_sent_total " << bytes_sent_ << "\n";
  out << "# HELP dash_origin_request_duration_seconds Time from request to last byte.\n"
         "# TYPE dash_origin_request_duration_seconds histogram\n";
  for (size_t i = 0; i < kDurationBucketsS.size(); ++i)
    out << "dash_origin_request_duration_seconds_bucket{le=\"" << kDurationBucketsS[i] << "\"} " << bucket_counts_[i]
        << "\n";
  out << "dash_origin_request_duration_seconds_bucket{le=\"+Inf\"} " << duration_count_ << "\n"
      << "dash_origin_request_duration_seconds_sum " << duration_sum_s_ << "\n"
      << "dash_origin_request_duration_seconds_count " << duration_count_ << "\n";
  out << "# HELP dash_origin_open_connections Client connections being served.\n"
         "# TYPE dash_origin_open_connections gauge\n"
         "dash_origin_open_connections " << open_connections << "\n";
  out << extra;
  return out.str();
}

}  // namespace origin
