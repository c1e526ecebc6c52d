#include "player/sim/progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace sim {

ProgressBar::ProgressBar(bool enabled) : enabled_(enabled && isatty(STDERR_FILENO) != 0) {}

void ProgressBar::finish() {
  if (enabled_ && last_permille_ >= 0) std::fputs("\r\033[K", stderr);
  last_permille_ = -1;
}

void ProgressBar::update(size_t done, size_t total) {
  if (!enabled_ || total == 0) return;
  const int permille = static_cast<int>(done * 1000 / total);
  if (permille == last_permille_) return;  // redraw at most 1000 times
  last_permille_ = permille;
  constexpr int kWidth = 40;
  const int filled = permille * kWidth / 1000;
  char bar[kWidth + 1];
  for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '.';
  bar[kWidth] = 0;
  std::fprintf(stderr, "\r[%s] %zu/%zu sessions", bar, done, total);
  std::fflush(stderr);
}

}  // namespace sim
