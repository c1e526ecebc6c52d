// A one-line progress bar on stderr, drawn only when stderr is a terminal.
// Thread-safe for the bench's use: callers serialise update() calls.
#pragma once

#include <cstddef>

namespace sim {

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled);
  ~ProgressBar();
  void update(size_t done, size_t total);

 private:
  bool enabled_;
  int last_permille_ = -1;
};

}  // namespace sim
