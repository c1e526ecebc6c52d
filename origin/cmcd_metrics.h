// What the players tell the origin through CMCD, summed up for /metrics:
// histograms of the buffer length (bl) and measured throughput (mtp) they
// report, how many requests carried CMCD and how many of those were startup
// requests (su) — and so the startup share —, buffer starvations (bs), and
// payloads that did not parse. Lock-free. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "origin/cmcd.h"
#include "origin/metrics.h"

namespace origin {

class CmcdMetrics {
 public:
  CmcdMetrics();
  // A request that carried `data` (not empty).
  void observe(const CmcdData& data);
  // A request whose CMCD did not parse.
  void invalid() { invalid_.fetch_add(1, std::memory_order_relaxed); }
  // The Prometheus lines (nothing is hidden while no request had CMCD).
  std::string render() const;

 private:
  Histogram buffer_length_s_;
  Histogram measured_throughput_bps_;
  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> startup_requests_{0};
  std::atomic<uint64_t> starvations_{0};
  std::atomic<uint64_t> invalid_{0};
};

}  // namespace origin
