#include "player/av/display_converter.h"

#include <cstdio>

#include "media/av/error.h"
#include "media/av/filter_chain.h"

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

namespace player {
namespace {

// Linear light at 100 nits of SDR white, Hable's curve on RGB without
// desaturation, then BT.709 limited-range 4:2:0 (FFmpeg's documented recipe).
constexpr const char* kToneMap =
    "zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,"
    "zscale=t=bt709:m=bt709:r=tv,format=yuv420p";

bool is_plain_420(int format) { return format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P; }

}  // namespace

bool DisplayConverter::is_hdr(const AVFrame& frame) {
  return frame.color_trc == AVCOL_TRC_SMPTE2084 || frame.color_trc == AVCOL_TRC_ARIB_STD_B67;
}

media::Status DisplayConverter::build_tone_map(const AVFrame& frame) {
  char args[256];
  std::snprintf(args, sizeof args, "video_size=%dx%d:pix_fmt=%d:time_base=1/90000:pixel_aspect=%d/%d", frame.width,
                frame.height, frame.format, frame.sample_aspect_ratio.num > 0 ? frame.sample_aspect_ratio.num : 1,
                frame.sample_aspect_ratio.den > 0 ? frame.sample_aspect_ratio.den : 1);
  if (graph_ && graph_input_ == args) return {};
  graph_.reset();
  auto chain = media::av::make_filter_chain(/*video=*/true, args, kToneMap, "tone-mapping graph");
  if (!chain.ok()) return chain.error();
  graph_ = std::move(chain->graph);
  source_ = chain->source;
  sink_ = chain->sink;
  graph_input_ = args;
  return {};
}

media::Result<const AVFrame*> DisplayConverter::convert(const AVFrame& frame) {
  if (is_hdr(frame)) {
    DS_RETURN_IF_ERROR(build_tone_map(frame));
    if (!tone_mapped_) tone_mapped_.reset(av_frame_alloc());
    if (!tone_mapped_) return media::make_error(media::ErrorCode::kInternal, "out of memory");
    av_frame_unref(tone_mapped_.get());
    // KEEP_REF: the graph takes its own reference; the decoder's frame is untouched.
    int ret = av_buffersrc_add_frame_flags(source_, const_cast<AVFrame*>(&frame), AV_BUFFERSRC_FLAG_KEEP_REF);
    if (ret >= 0) ret = av_buffersink_get_frame(sink_, tone_mapped_.get());
    if (ret < 0) return media::av::make_av_error(ret, "tone mapping");
    return tone_mapped_.get();
  }
  if (is_plain_420(frame.format)) return &frame;
  const auto* desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame.format));
  sws_.reset(sws_getCachedContext(sws_.release(), frame.width, frame.height, static_cast<AVPixelFormat>(frame.format),
                                  frame.width, frame.height, AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr, nullptr));
  if (!sws_)
    return media::make_error(media::ErrorCode::kUnsupported,
                             std::string("cannot display pixel format ") + (desc ? desc->name : "unknown"));
  if (!converted_ || converted_->width != frame.width || converted_->height != frame.height) {
    converted_.reset(av_frame_alloc());
    if (!converted_) return media::make_error(media::ErrorCode::kInternal, "out of memory");
    converted_->format = AV_PIX_FMT_YUV420P;
    converted_->width = frame.width;
    converted_->height = frame.height;
    if (av_frame_get_buffer(converted_.get(), 0) < 0)
      return media::make_error(media::ErrorCode::kInternal, "out of memory");
  }
  sws_scale(sws_.get(), frame.data, frame.linesize, 0, frame.height, converted_->data, converted_->linesize);
  return converted_.get();
}

}  // namespace player
