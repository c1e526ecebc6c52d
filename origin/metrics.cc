#include "origin/metrics.h"

#include <algorithm>
#include <sstream>

namespace origin {

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)), counts_(bounds_.size()) {}

void Histogram::observe(double value) {
  constexpr auto relaxed = std::memory_order_relaxed;
  // Counts are stored per interval and summed when rendered.
  auto it = std::lower_bound(bounds_.begin(), bounds_.end(), value);
  if (it != bounds_.end()) counts_[static_cast<size_t>(it - bounds_.begin())].fetch_add(1, relaxed);
  count_.fetch_add(1, relaxed);
  sum_.fetch_add(value, relaxed);
}

void Histogram::render(std::ostream& out, const std::string& name, const std::string& help) const {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " histogram\n";
  const uint64_t count = count_.load();
  uint64_t cumulative = 0;
  for (size_t i = 0; i < bounds_.size(); ++i) {
    cumulative += counts_[i].load();
    out << name << "_bucket{le=\"" << bounds_[i] << "\"} " << std::min(cumulative, count) << "\n";
  }
  out << name << "_bucket{le=\"+Inf\"} " << count << "\n"
      << name << "_sum " << sum_.load() << "\n"
      << name << "_count " << count << "\n";
}

Metrics::Metrics() : duration_s_(std::vector<double>(kDurationBucketsS.begin(), kDurationBucketsS.end())) {}

void Metrics::request_done(int status, uint64_t bytes_sent, double duration_s) {
  constexpr auto relaxed = std::memory_order_relaxed;
  if (status >= kMinStatus && status <= kMaxStatus) requests_by_status_[status - kMinStatus].fetch_add(1, relaxed);
  else other_status_.fetch_add(1, relaxed);
  bytes_sent_.fetch_add(bytes_sent, relaxed);
  duration_s_.observe(std::max(0.0, duration_s));
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
  duration_s_.render(out, "dash_origin_request_duration_seconds", "Time from request to last byte.");
  out << "# HELP dash_origin_open_connections Client connections open.\n"
         "# TYPE dash_origin_open_connections gauge\n"
         "dash_origin_open_connections " << open_connections << "\n";
  out << extra;
  return out.str();
}

}  // namespace origin
