#include "player/ui/video_output.h"

#include <vector>

#include "player/ui/av_sync.h"

extern "C" {
#include <libavutil/imgutils.h>
}

namespace player {

VideoOutput::~VideoOutput() {
  if (texture_ != nullptr) SDL_DestroyTexture(texture_);
}

void VideoOutput::push(const AVFrame& frame, double pts_s) {
  media::av::FramePtr ref(av_frame_alloc());
  if (!ref || av_frame_ref(ref.get(), &frame) < 0) return;
  std::unique_lock lock(mutex_);
  not_full_.wait(lock, [&] { return stopped_ || queue_.size() < kQueueFrames; });
  if (stopped_) return;
  queue_.push_back({std::move(ref), pts_s});
}

void VideoOutput::flush() {
  std::scoped_lock lock(mutex_);
  queue_.clear();
  not_full_.notify_all();
}

void VideoOutput::stop() {
  std::scoped_lock lock(mutex_);
  stopped_ = true;
  queue_.clear();
  not_full_.notify_all();
}

int64_t VideoOutput::frames_dropped() const {
  std::scoped_lock lock(mutex_);
  return dropped_;
}

bool VideoOutput::update(SDL_Renderer* renderer, double clock_s) {
  media::av::FramePtr next;
  double pts = 0;
  {
    std::scoped_lock lock(mutex_);
    std::vector<double> pts_list;
    for (const auto& q : queue_) pts_list.push_back(q.pts_s);
    SyncDecision d = decide_frame(pts_list, clock_s);
    for (size_t i = 0; i < d.drop; ++i) queue_.pop_front();
    dropped_ += static_cast<int64_t>(d.drop);
    if (!d.show) {
      if (d.drop > 0) not_full_.notify_all();
      return false;
    }
    next = std::move(queue_.front().frame);
    pts = queue_.front().pts_s;
    queue_.pop_front();
    not_full_.notify_all();
  }
  if (!upload(renderer, *next)) return false;
  shown_pts_s_ = pts;
  ++frames_shown_;
  return true;
}

bool VideoOutput::upload(SDL_Renderer* renderer, const AVFrame& frame) {
  if (texture_ == nullptr || texture_w_ != frame.width || texture_h_ != frame.height) {
    if (texture_ != nullptr) SDL_DestroyTexture(texture_);
    texture_ = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_IYUV, SDL_TEXTUREACCESS_STREAMING, frame.width, frame.height);
    if (texture_ == nullptr) return false;
    texture_w_ = frame.width;
    texture_h_ = frame.height;
  }
  const double sar = frame.sample_aspect_ratio.num > 0 && frame.sample_aspect_ratio.den > 0
                         ? av_q2d(frame.sample_aspect_ratio) : 1.0;
  display_aspect_ = frame.height > 0 ? frame.width * sar / frame.height : display_aspect_;
  // 10-bit, 4:2:2, HDR, ...: converted (tone-mapped) to 8-bit 4:2:0 first.
  auto converted = converter_.convert(frame);
  if (!converted.ok()) return false;
  const AVFrame* src = *converted;
  // YUV planes go to the texture as they are: no RGB conversion on the CPU.
  return SDL_UpdateYUVTexture(texture_, nullptr, src->data[0], src->linesize[0], src->data[1], src->linesize[1],
                              src->data[2], src->linesize[2]) == 0;
}

bool VideoOutput::draw(SDL_Renderer* renderer) const {
  if (!has_frame()) return false;
  int out_w = 0, out_h = 0;
  SDL_GetRendererOutputSize(renderer, &out_w, &out_h);
  SDL_Rect dst{0, 0, out_w, out_h};
  if (out_h > 0 && display_aspect_ > 0) {
    if (double(out_w) / out_h > display_aspect_) {
      dst.w = static_cast<int>(out_h * display_aspect_ + 0.5);
      dst.x = (out_w - dst.w) / 2;
    } else {
      dst.h = static_cast<int>(out_w / display_aspect_ + 0.5);
      dst.y = (out_h - dst.h) / 2;
    }
  }
  return SDL_RenderCopy(renderer, texture_, nullptr, &dst) == 0;
}

}  // namespace player
