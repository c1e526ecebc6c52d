// Counters for /metrics in the Prometheus text format: requests by status,
// bytes sent, a request duration histogram, open connections. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace origin {

class Metrics {
 public:
  static constexpr std::array<double, 11> kDurationBucketsS{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                            0.5,   1,    2.5,   5,    10};
  void request_done(int status, uint64_t bytes_sent, double duration_s);
  // `extra` lines (e.g. shaped sessions) are appended as they are.
  std::string render(size_t open_connections, const std::string& extra = {}) const;

 private:
  mutable std::mutex mutex_;  // guards everything below
  std::map<int, uint64_t> requests_by_status_;
  uint64_t bytes_sent_ = 0;
  std::array<uint64_t, kDurationBucketsS.size()> bucket_counts_{};
  uint64_t duration_count_ = 0;
  double duration_sum_s_ = 0;
};

}  // namespace origin
