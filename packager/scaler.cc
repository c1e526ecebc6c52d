#include "packager/scaler.h"

#include "media/av/alloc.h"
#include "media/av/error.h"

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace packager {

media::Result<const AVFrame*> Scaler::scale(const AVFrame* src) {
  if (uint32_t(src->width) == width_ && uint32_t(src->height) == height_ && src->format == AV_PIX_FMT_YUV420P)
    return src;
  if (!sws_ || src->width != src_width_ || src->height != src_height_ || src->format != src_format_) {
    sws_.reset(sws_getContext(src->width, src->height, static_cast<AVPixelFormat>(src->format), static_cast<int>(width_),
                              static_cast<int>(height_), AV_PIX_FMT_YUV420P, SWS_BICUBIC, nullptr, nullptr, nullptr));
    if (!sws_) {
      const char* format = av_get_pix_fmt_name(static_cast<AVPixelFormat>(src->format));
      return media::make_error(media::ErrorCode::kUnsupported,
                               "cannot scale " + std::to_string(src->width) + "x" + std::to_string(src->height) + " " +
                                   (format != nullptr ? format : "?") + " to " + std::to_string(width_) + "x" +
                                   std::to_string(height_));
    }
    src_width_ = src->width;
    src_height_ = src->height;
    src_format_ = src->format;
  }
  if (!out_) {
    auto f = media::av::alloc_frame();
    if (!f.ok()) return f.error();
    out_ = std::move(*f);
    out_->width = static_cast<int>(width_);
    out_->height = static_cast<int>(height_);
    out_->format = AV_PIX_FMT_YUV420P;
    if (int ret = av_frame_get_buffer(out_.get(), 0); ret < 0) return media::av::make_av_error(ret, "allocate scaled frame");
  }
  // The encoder may still reference the previous picture.
  if (int ret = av_frame_make_writable(out_.get()); ret < 0) return media::av::make_av_error(ret, "scaled frame");
  sws_scale(sws_.get(), src->data, src->linesize, 0, src->height, out_->data, out_->linesize);
  out_->pts = src->pts;
  out_->pict_type = src->pict_type;
  out_->sample_aspect_ratio = AVRational{1, 1};
  out_->color_range = AVCOL_RANGE_MPEG;
  return static_cast<const AVFrame*>(out_.get());
}

}  // namespace packager
