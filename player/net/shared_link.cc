#include "player/net/shared_link.h"

#include <algorithm>
#include <cmath>

namespace player {
namespace {

// A flow with less than this left is complete: floating-point crumbs, which
// could otherwise schedule a completion at the very time that is now.
constexpr double kDoneBytes = 1e-3;
// next_completion_s gives up after walking this many periods (a trace of
// zeros, or a flow far larger than the trace delivers in a long time).
constexpr size_t kMaxPeriodsWalked = 1'000'000;

}  // namespace

SharedLink::SharedLink(std::span<const media::TracePeriod> periods, double latency_scale)
    : periods_(periods), latency_scale_(latency_scale) {
  double end = 0;
  for (const auto& p : periods_) {
    end += std::max(0.0, p.duration_s);
    ends_s_.push_back(end);
  }
  cycle_s_ = end;
  cursor_ = locate(0);
}

SharedLink::Cursor SharedLink::locate(double t_s) const {
  Cursor c;
  if (!(cycle_s_ > 0)) return {0, kNever};
  const double cycles = std::floor(t_s / cycle_s_);
  const double within = t_s - cycles * cycle_s_;
  auto it = std::upper_bound(ends_s_.begin(), ends_s_.end(), within);
  if (it == ends_s_.end()) return next({ends_s_.size() - 1, cycles * cycle_s_ + cycle_s_});
  c.index = static_cast<size_t>(it - ends_s_.begin());
  c.end_s = cycles * cycle_s_ + *it;
  return c;
}

SharedLink::Cursor SharedLink::next(Cursor c) const {
  do {
    c.index = c.index + 1 == periods_.size() ? 0 : c.index + 1;
    c.end_s += std::max(0.0, periods_[c.index].duration_s);
  } while (!(periods_[c.index].duration_s > 0));
  return c;
}

double SharedLink::first_byte_s(double t_s) const {
  if (!(cycle_s_ > 0)) return t_s;
  Cursor c = locate(t_s);
  double units = 1;  // share of a latency still to wait
  for (size_t guard = 0; guard < 4 * periods_.size() + 4; ++guard) {
    const double latency_s = periods_[c.index].latency_ms / 1000 * latency_scale_;
    if (!(latency_s > 0)) return t_s;
    const double wait_s = units * latency_s;
    if (t_s + wait_s <= c.end_s) return t_s + wait_s;
    units -= (c.end_s - t_s) / latency_s;
    t_s = c.end_s;
    c = next(c);
  }
  return t_s;
}

void SharedLink::complete_crumbs(std::vector<Completion>& done) {
  for (auto it = flows_.begin(); it != flows_.end();) {
    if (it->remaining_bytes <= kDoneBytes) {
      done.push_back({it->id, now_s_});
      it = flows_.erase(it);
    } else {
      ++it;
    }
  }
}

void SharedLink::advance(double t_s, std::vector<Completion>& done) {
  complete_crumbs(done);
  while (now_s_ < t_s) {
    if (flows_.empty()) {
      now_s_ = t_s;
      cursor_ = locate(t_s);
      return;
    }
    const double share = rate_bytes_per_s(cursor_) / static_cast<double>(flows_.size());
    double step_end = std::min(cursor_.end_s, t_s);
    bool completes = false;
    if (share > 0) {
      double least = flows_.front().remaining_bytes;
      for (const auto& f : flows_) least = std::min(least, f.remaining_bytes);
      const double finish_s = now_s_ + least / share;
      if (finish_s <= step_end) {
        step_end = finish_s;
        completes = true;
      }
    }
    const double bytes = share * (step_end - now_s_);
    for (auto& f : flows_) {
      f.remaining_bytes -= bytes;
      f.received_bytes += bytes;
    }
    delivered_bytes_ += bytes * static_cast<double>(flows_.size());
    if (bytes > 0) last_byte_s_ = step_end;
    now_s_ = step_end;
    // Flows are kept in start order, so equal finishers complete in that order.
    if (completes) complete_crumbs(done);
    if (now_s_ >= cursor_.end_s) cursor_ = next(cursor_);
  }
}

SharedLink::FlowId SharedLink::add(double t_s, double bytes, std::vector<Completion>& done) {
  advance(t_s, done);
  const FlowId id = next_id_++;
  if (bytes <= kDoneBytes) {
    done.push_back({id, now_s_});
    return id;
  }
  flows_.push_back({id, bytes, 0});
  return id;
}

double SharedLink::remove(double t_s, FlowId id, std::vector<Completion>& done) {
  advance(t_s, done);
  for (auto it = flows_.begin(); it != flows_.end(); ++it) {
    if (it->id != id) continue;
    const double got = it->received_bytes;
    flows_.erase(it);
    return got;
  }
  return 0;
}

double SharedLink::capacity_bytes(double from_s, double to_s) const {
  if (!(cycle_s_ > 0) || !(to_s > from_s)) return 0;
  double bytes = 0;
  for (Cursor c = locate(from_s); from_s < to_s; c = next(c)) {
    const double end_s = std::min(c.end_s, to_s);
    bytes += rate_bytes_per_s(c) * (end_s - from_s);
    from_s = end_s;
  }
  return bytes;
}

double SharedLink::received(FlowId id) const {
  for (const auto& f : flows_)
    if (f.id == id) return f.received_bytes;
  return 0;
}

double SharedLink::next_completion_s() const {
  if (flows_.empty()) return kNever;
  double least = flows_.front().remaining_bytes;
  for (const auto& f : flows_) least = std::min(least, f.remaining_bytes);
  const double n = static_cast<double>(flows_.size());
  double t = now_s_;
  Cursor c = cursor_;
  for (size_t walked = 0; walked < kMaxPeriodsWalked; ++walked) {
    const double share = rate_bytes_per_s(c) / n;
    const double span_s = c.end_s - t;
    if (share > 0 && least <= share * span_s) return std::max(t + least / share, std::nextafter(now_s_, kNever));
    least -= share * span_s;
    t = c.end_s;
    c = next(c);
  }
  return kNever;
}

}  // namespace player
