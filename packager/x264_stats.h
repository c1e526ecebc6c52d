// Per-frame PSNR from x264 itself. FFmpeg 5.1's libx264 wrapper computes
// PSNR when AV_CODEC_FLAG_PSNR is set but does not export it (packets carry
// no errors in AV_PKT_DATA_QUALITY_STATS); x264 does report it, one debug
// log line per output frame ("frame= ... PSNR Y:41.23 ..."), which the
// wrapper passes to av_log with the codec context as its context. This tap
// installs an av_log callback that picks those lines up per encoder (and
// hands every other message to FFmpeg's default logger unchanged), so the
// statistics cost nothing beyond what x264 already computes.
// Thread-safe: x264's threads log concurrently.
#pragma once

#include <deque>
#include <mutex>
#include <optional>

namespace packager {

// Luma PSNRs of one encoder's frames, in output order.
class FramePsnrQueue {
 public:
  void push(double psnr_db) {
    std::scoped_lock lock(mutex_);
    values_.push_back(psnr_db);
  }
  std::optional<double> pop() {
    std::scoped_lock lock(mutex_);
    if (values_.empty()) return std::nullopt;
    double v = values_.front();
    values_.pop_front();
    return v;
  }

 private:
  std::mutex mutex_;  // guards values_ (pushed from x264's threads)
  std::deque<double> values_;
};

// Routes the PSNR lines logged with `log_context` (an AVCodecContext*) to
// `queue` until detach. The first attach installs the av_log callback.
void attach_psnr_tap(const void* log_context, FramePsnrQueue* queue);
void detach_psnr_tap(const void* log_context);

// "frame=  12 QP=23.00 ... size=1234 bytes PSNR Y:41.23 U:44.10 V:45.00" → 41.23.
std::optional<double> parse_x264_frame_psnr(const char* line);

}  // namespace packager
