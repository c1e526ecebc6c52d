// Counters for /metrics in the Prometheus text format: requests by status,
// bytes sent, a request duration histogram, open connections. Lock-free
// (every worker records each request). Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace origin {

// A Prometheus histogram over fixed upper bounds (ascending); observe() is
// lock-free. Thread-safe.
class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void observe(double value);
  // Writes the HELP, TYPE, _bucket, _sum and _count lines of `name`.
  void render(std::ostream& out, const std::string& name, const std::string& help) const;

 private:
  std::vector<double> bounds_;
  std::vector<std::atomic<uint64_t>> counts_;  // per interval; summed when rendered
  std::atomic<uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

class Metrics {
 public:
  static constexpr std::array<double, 11> kDurationBucketsS{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                            0.5,   1,    2.5,   5,    10};
  static constexpr int kMinStatus = 100;
  static constexpr int kMaxStatus = 599;

  Metrics();
  void request_done(int status, uint64_t bytes_sent, double duration_s);
  // `extra` lines (e.g. shaped sessions) are appended as they are.
  std::string render(size_t open_connections, const std::string& extra = {}) const;

 private:
  std::array<std::atomic<uint64_t>, kMaxStatus - kMinStatus + 1> requests_by_status_{};
  std::atomic<uint64_t> other_status_{0};  // outside [100, 599]
  std::atomic<uint64_t> bytes_sent_{0};
  Histogram duration_s_;
};

}  // namespace origin
