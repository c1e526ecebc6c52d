#include "packager/x264_stats.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

extern "C" {
#include <libavutil/log.h>
}

namespace packager {
namespace {

std::mutex g_mutex;  // guards g_queues and g_installed
std::unordered_map<const void*, FramePsnrQueue*> g_queues;
bool g_installed = false;

constexpr const char kFramePrefix[] = "frame=";

void log_callback(void* avcl, int level, const char* fmt, va_list vl) {
  if (avcl != nullptr && fmt != nullptr && std::strncmp(fmt, kFramePrefix, sizeof kFramePrefix - 1) == 0) {
    FramePsnrQueue* queue = nullptr;
    {
      std::scoped_lock lock(g_mutex);
      auto it = g_queues.find(avcl);
      if (it != g_queues.end()) queue = it->second;
    }
    if (queue != nullptr) {
      char line[256];
      va_list copy;
      va_copy(copy, vl);
      std::vsnprintf(line, sizeof line, fmt, copy);
      va_end(copy);
      if (auto psnr = parse_x264_frame_psnr(line)) queue->push(*psnr);
      return;  // a debug line: never shown at our log levels
    }
  }
  av_log_default_callback(avcl, level, fmt, vl);
}

}  // namespace

std::optional<double> parse_x264_frame_psnr(const char* line) {
  const char* p = std::strstr(line, "PSNR Y:");
  if (p == nullptr) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(p + 7, &end);
  if (end == p + 7) return std::nullopt;
  return v;
}

void attach_psnr_tap(const void* log_context, FramePsnrQueue* queue) {
  std::scoped_lock lock(g_mutex);
  if (!g_installed) {
    av_log_set_callback(log_callback);
    g_installed = true;
  }
  g_queues[log_context] = queue;
}

void detach_psnr_tap(const void* log_context) {
  std::scoped_lock lock(g_mutex);
  g_queues.erase(log_context);
}

}  // namespace packager
