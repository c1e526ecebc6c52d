#include "player/net/base_url_selector.h"

namespace player {

BaseUrlSelector::BaseUrlSelector(size_t count, double cooldown_s)
    : entries_(count == 0 ? 1 : count), cooldown_s_(cooldown_s) {}

size_t BaseUrlSelector::choose(double now_s) const {
  std::scoped_lock lock(mutex_);
  for (size_t i : steering_)
    if (i < entries_.size() && entries_[i].avoid_until_s <= now_s) return i;
  size_t best = entries_.size();
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].avoid_until_s > now_s) continue;
    if (best == entries_.size()) {
      best = i;
      continue;
    }
    // A measured faster one wins; unmeasured ones keep MPD order.
    if (entries_[i].throughput_bps > entries_[best].throughput_bps && entries_[best].throughput_bps > 0) best = i;
  }
  if (best != entries_.size()) return best;
  size_t soonest = 0;
  for (size_t i = 1; i < entries_.size(); ++i)
    if (entries_[i].avoid_until_s < entries_[soonest].avoid_until_s) soonest = i;
  return soonest;
}

size_t BaseUrlSelector::next_after(size_t failed, double now_s) const {
  std::scoped_lock lock(mutex_);
  const size_t n = entries_.size();
  for (size_t i : steering_)
    if (i < n && i != failed && entries_[i].avoid_until_s <= now_s) return i;
  for (size_t step = 1; step <= n; ++step) {
    size_t i = (failed + step) % n;
    if (i != failed && entries_[i].avoid_until_s <= now_s) return i;
  }
  return (failed + 1) % n;
}

void BaseUrlSelector::report_success(size_t index, double throughput_bps) {
  std::scoped_lock lock(mutex_);
  if (index >= entries_.size()) return;
  Entry& e = entries_[index];
  e.avoid_until_s = -1;
  e.throughput_bps = e.throughput_bps <= 0 ? throughput_bps
                                           : kEwmaWeight * throughput_bps + (1 - kEwmaWeight) * e.throughput_bps;
}

void BaseUrlSelector::report_failure(size_t index, double now_s) {
  std::scoped_lock lock(mutex_);
  if (index >= entries_.size()) return;
  entries_[index].avoid_until_s = now_s + cooldown_s_;
}

double BaseUrlSelector::throughput_bps(size_t index) const {
  std::scoped_lock lock(mutex_);
  return index < entries_.size() ? entries_[index].throughput_bps : 0;
}

void BaseUrlSelector::set_steering(std::vector<size_t> order) {
  std::scoped_lock lock(mutex_);
  steering_ = std::move(order);
}

}  // namespace player
