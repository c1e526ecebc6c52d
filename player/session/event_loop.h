// The session's scheduler: timers in time order on an injected media::Clock,
// plus tasks posted from other threads (HTTP workers, decoders, the UI).
// With a SteadyClock it waits in real time; with a ManualClock it jumps from
// one timer to the next, so a whole session runs in virtual time as fast as
// the CPU allows. Everything the session does happens on the thread that
// calls run(); post() is the only thread-safe entry.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <queue>
#include <vector>

#include "media/clock.h"

namespace player {

class EventLoop {
 public:
  using Task = std::function<void()>;
  using TimerId = uint64_t;  // 0: no timer

  // In real time other threads may post() and the loop waits for them when
  // no timer is due. In virtual time (a manual clock) the loop ends when it
  // runs out of timers and tasks, since nothing else could ever wake it.
  explicit EventLoop(media::Clock& clock);

  double now_s() const { return clock_.now_s(); }
  bool real_time() const { return !clock_.manual(); }

  // Runs `task` at clock time `t_s` (at once if that has passed). Timers due
  // at the same time run in the order they were set. Loop thread only.
  TimerId at(double t_s, Task task);
  TimerId after(double delay_s, Task task) { return at(now_s() + delay_s, std::move(task)); }
  // Drops a timer that has not run (an id that already ran is ignored);
  // resets `id` to 0. Loop thread only.
  void cancel(TimerId& id);
  // Clock time `id` is due at, or infinity when it is not pending.
  double due_s(TimerId id) const;

  // Queues `task` to run on the loop thread as soon as possible. Any thread.
  void post(Task task);

  // Runs timers and tasks until quit(). Returns false when it stopped because
  // nothing was left to run (virtual time only).
  bool run();
  // Makes run() return after the current task. Loop thread only.
  void quit() { quit_ = true; }

 private:
  // A timer lives in a slot; the heap holds plain (time, order, slot) entries.
  // A slot is reused once its timer ran or was cancelled; its sequence number
  // tells a live heap entry from a stale one (no hash set of cancelled ids).
  struct Slot {
    Task task;
    double t_s = 0;
    uint64_t seq = 0;  // of the timer in the slot; 0 while free
  };
  struct Entry {
    double t_s;
    uint64_t seq;  // increasing: ties run in the order they were set
    uint32_t slot;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const { return a.t_s > b.t_s || (a.t_s == b.t_s && a.seq > b.seq); }
  };
  static TimerId make_id(uint32_t slot, uint64_t seq) { return (seq << 20) | slot; }
  bool pending(TimerId id) const;
  bool run_posted();

  media::Clock& clock_;
  bool quit_ = false;
  uint64_t next_seq_ = 1;
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_slots_;
  std::priority_queue<Entry, std::vector<Entry>, Later> heap_;
  std::mutex posted_mutex_;  // guards posted_
  std::vector<Task> posted_;
  std::vector<Task> running_;  // posted tasks being run (loop thread only)
};

}  // namespace player
