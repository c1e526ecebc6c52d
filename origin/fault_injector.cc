#include "origin/fault_injector.h"

namespace origin {
namespace {

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

// Uniform in [0, 1) from a 64-bit hash.
double unit(uint64_t h) { return static_cast<double>(h >> 11) / 9007199254740992.0; }

}  // namespace

FaultPlan FaultInjector::plan(const std::string& path, const std::string& range) {
  FaultPlan p;
  if (!options_.any()) return p;
  const std::string key = path + '\n' + range;
  uint64_t occurrence;
  {
    std::scoped_lock lock(mutex_);
    occurrence = seen_[key]++;
  }
  uint64_t h = splitmix64(options_.seed ^ fnv1a(key) ^ splitmix64(occurrence));
  // One draw picks the fault so the rates add up without overlapping.
  double u = unit(h);
  if (u < options_.fail_rate) p.fail = true;
  else if (u < options_.fail_rate + options_.drop_rate) p.drop = true;
  else if (u < options_.fail_rate + options_.drop_rate + options_.stall_rate) p.stall = true;
  p.at_fraction = 0.2 + 0.6 * unit(splitmix64(h));
  return p;
}

}  // namespace origin
