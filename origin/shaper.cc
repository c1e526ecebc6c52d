#include "origin/shaper.h"

#include <algorithm>

namespace origin {

Shaper::Shaper(TracePacer pacer, double extra_latency_ms, const media::Clock& clock)
    : pacer_(std::move(pacer)), extra_latency_ms_(extra_latency_ms), clock_(clock) {}

std::shared_ptr<Shaper::Link> Shaper::link_for(const std::string& key) {
  const double now = clock_.now_s();
  std::scoped_lock lock(mutex_);
  if (++calls_since_sweep_ >= 1024) {
    calls_since_sweep_ = 0;
    for (auto it = links_.begin(); it != links_.end();)
      it = now - it->second->last_used_s > kIdleSessionS ? links_.erase(it) : std::next(it);
  }
  auto& link = links_[key];
  if (!link) {
    link = std::make_shared<Link>();
    link->start_s = now;
    link->busy_until_s = now;
  }
  link->last_used_s = now;
  return link;
}

double Shaper::reserve(Link& link, double bytes, bool continuing) {
  const double now = clock_.now_s();
  std::scoped_lock lock(mutex_);
  // A transfer that keeps the link busy continues from where the previous
  // chunk ended, so the writer's wake-up jitter does not accumulate; a link
  // idle for longer than that starts from now.
  const double slack_s = continuing ? kResponseSlackS : kContinuationSlackS;
  const double begin = now - link.busy_until_s < slack_s ? link.busy_until_s : now;
  const double done = link.start_s + pacer_.finish_time(begin - link.start_s, bytes);
  link.busy_until_s = done;
  link.last_used_s = now;
  return done;
}

double Shaper::request_latency_ms(const Link& link) const {
  std::scoped_lock lock(mutex_);
  return pacer_.latency_ms_at(clock_.now_s() - link.start_s) + extra_latency_ms_;
}

size_t Shaper::chunk_bytes(const Link& link) const {
  double rate_bps;
  {
    std::scoped_lock lock(mutex_);
    rate_bps = pacer_.rate_bps_at(clock_.now_s() - link.start_s);
  }
  const double bytes = rate_bps / 8 * kChunkTimeS;
  return std::clamp(static_cast<size_t>(bytes), kMinChunkBytes, kMaxChunkBytes);
}

size_t Shaper::sessions() const {
  std::scoped_lock lock(mutex_);
  return links_.size();
}

}  // namespace origin
