#include "player/av/tempo_stretch.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "media/av/error.h"
#include "media/av/filter_chain.h"

extern "C" {
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/channel_layout.h>
#include <libavutil/samplefmt.h>
}

namespace player {
namespace {

bool is_normal_rate(double rate) { return std::abs(rate - 1) < 1e-6; }

}  // namespace

void TempoStretch::set_rate(double rate) {
  rate = std::clamp(rate, kMinPlaybackRate, kMaxPlaybackRate);
  if (rate == rate_) return;
  rate_ = rate;
  // Live catch-up moves the rate in 1% steps: retune atempo in place, so
  // the audio it holds keeps playing (a new graph would drop it).
  if (graph_ && !is_normal_rate(rate)) {
    char value[32];
    std::snprintf(value, sizeof value, "%.6f", rate);
    if (avfilter_graph_send_command(graph_.get(), "atempo", "tempo", value, nullptr, 0, 0) >= 0) return;
  }
  reset();
}

void TempoStretch::reset() { graph_.reset(); }

media::Status TempoStretch::build(const AVFrame& frame) {
  char layout[128] = "";
  av_channel_layout_describe(&frame.ch_layout, layout, sizeof layout);
  char args[256];
  std::snprintf(args, sizeof args, "sample_rate=%d:sample_fmt=%s:channel_layout=%s:time_base=1/%d", frame.sample_rate,
                av_get_sample_fmt_name(static_cast<AVSampleFormat>(frame.format)), layout, frame.sample_rate);
  char tempo[48];
  std::snprintf(tempo, sizeof tempo, "atempo=tempo=%.6f", rate_);
  graph_.reset();
  auto chain = media::av::make_filter_chain(/*video=*/false, args, tempo, "atempo");
  if (!chain.ok()) return chain.error();
  graph_ = std::move(chain->graph);
  source_ = chain->source;
  sink_ = chain->sink;
  in_rate_ = frame.sample_rate;
  in_format_ = frame.format;
  in_channels_ = frame.ch_layout.nb_channels;
  return {};
}

media::Status TempoStretch::push(const AVFrame& frame, double pts_s, const Sink& sink) {
  if (is_normal_rate(rate_)) {
    sink(frame, pts_s);
    return {};
  }
  if (graph_ && (frame.sample_rate != in_rate_ || frame.format != in_format_ ||
                 frame.ch_layout.nb_channels != in_channels_))
    graph_.reset();  // a new stream format (another track): start over
  if (!graph_) {
    DS_RETURN_IF_ERROR(build(frame));
    next_pts_s_ = pts_s;
  }
  if (!out_) out_.reset(av_frame_alloc());
  if (!out_) return media::make_error(media::ErrorCode::kInternal, "out of memory");
  int ret = av_buffersrc_add_frame_flags(source_, const_cast<AVFrame*>(&frame), AV_BUFFERSRC_FLAG_KEEP_REF);
  if (ret < 0) return media::av::make_av_error(ret, "atempo input");
  while ((ret = av_buffersink_get_frame(sink_, out_.get())) >= 0) {
    // Each output sample stands for `rate_` samples of media time.
    sink(*out_, next_pts_s_);
    next_pts_s_ += rate_ * out_->nb_samples / static_cast<double>(out_->sample_rate);
    av_frame_unref(out_.get());
  }
  if (ret != AVERROR(EAGAIN) && ret != AVERROR_EOF) return media::av::make_av_error(ret, "atempo output");
  return {};
}

}  // namespace player
