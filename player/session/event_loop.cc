#include "player/session/event_loop.h"

#include <limits>

namespace player {
namespace {

constexpr uint64_t kSlotBits = 20;  // up to a million timers pending at once
constexpr uint64_t kSlotMask = (uint64_t{1} << kSlotBits) - 1;

}  // namespace

EventLoop::EventLoop(media::Clock& clock) : clock_(clock) {}

EventLoop::TimerId EventLoop::at(double t_s, Task task) {
  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  const uint64_t seq = next_seq_++;
  slots_[slot].task = std::move(task);
  slots_[slot].t_s = t_s;
  slots_[slot].seq = seq;
  heap_.push(Entry{t_s, seq, slot});
  return make_id(slot, seq);
}

bool EventLoop::pending(TimerId id) const {
  const uint64_t slot = id & kSlotMask;
  return id != 0 && slot < slots_.size() && slots_[slot].seq == id >> kSlotBits;
}

double EventLoop::due_s(TimerId id) const {
  return pending(id) ? slots_[id & kSlotMask].t_s : std::numeric_limits<double>::infinity();
}

void EventLoop::cancel(TimerId& id) {
  if (pending(id)) {
    Slot& s = slots_[id & kSlotMask];
    s.seq = 0;
    s.task = nullptr;
    free_slots_.push_back(static_cast<uint32_t>(id & kSlotMask));
  }
  id = 0;
}

void EventLoop::post(Task task) {
  {
    std::scoped_lock lock(posted_mutex_);
    posted_.push_back(std::move(task));
  }
  clock_.wake();
}

bool EventLoop::run_posted() {
  {
    std::scoped_lock lock(posted_mutex_);
    if (posted_.empty()) return false;
    running_.swap(posted_);
  }
  for (auto& task : running_) {
    task();
    if (quit_) break;
  }
  running_.clear();
  return true;
}

bool EventLoop::run() {
  quit_ = false;
  while (!quit_) {
    if (run_posted()) continue;
    // Stale entries (cancelled timers) are dropped as they surface.
    while (!heap_.empty() && slots_[heap_.top().slot].seq != heap_.top().seq) heap_.pop();
    if (heap_.empty()) {
      if (!real_time()) return false;
      clock_.sleep_until(std::numeric_limits<double>::infinity());
      continue;
    }
    const Entry next = heap_.top();
    if (next.t_s > clock_.now_s()) {
      clock_.sleep_until(next.t_s);
      if (clock_.now_s() < next.t_s) continue;  // woken early: a task was posted
    }
    heap_.pop();
    Slot& slot = slots_[next.slot];
    Task task = std::move(slot.task);
    slot.task = nullptr;
    slot.seq = 0;
    free_slots_.push_back(next.slot);
    task();
  }
  return true;
}

}  // namespace player
