// Counters for /metrics in the Prometheus text format: requests by status,
// bytes sent, a request duration histogram, open connections. Lock-free
// (every worker records each request). Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace origin {

class Metrics {
 public:
  static constexpr std::array<double, 11> kDurationBucketsS{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                            0.5,   1,    2.5,   5,    10};
  static constexpr int kMinStatus = 100;
  static constexpr int kMaxStatus = 599;

  void request_done(int status, uint64_t bytes_sent, double duration_s);
  // `extra` lines (e.g. shaped sessions) are appended as they are.
  std::string render(size_t open_connections, const std::string& extra = {}) const;

 private:
  std::array<std::atomic<uint64_t>, kMaxStatus - kMinStatus + 1> requests_by_status_{};
  std::atomic<uint64_t> other_status_{0};  // outside [100, 599]
  std::atomic<uint64_t> bytes_sent_{0};
  std::array<std::atomic<uint64_t>, kDurationBucketsS.size()> bucket_counts_{};  // non-cumulative
  std::atomic<uint64_t> duration_count_{0};
  std::atomic<uint64_t> duration_sum_us_{0};
};

}  // namespace origin
