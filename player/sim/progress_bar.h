// A one-line progress bar on stderr, drawn only when stderr is a terminal.
// Not thread-safe: the bench calls it from the thread that waits for the workers.
#pragma once

#include <cstddef>

namespace sim {

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled);
  ~ProgressBar() { finish(); }
  void update(size_t done, size_t total);
  // Clears the line (once).
  void finish();

 private:
  bool enabled_;
  int last_permille_ = -1;
};

}  // namespace sim
