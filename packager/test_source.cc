#include "packager/test_source.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

extern "C" {
#include <libavfilter/buffersink.h>
}

#include "media/av/alloc.h"
#include "media/av/error.h"

namespace packager {
namespace {

constexpr const char* kClockFont = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";  // fonts-dejavu-core

}  // namespace

media::Result<std::unique_ptr<TestSource>> TestSource::open(const TestSourceOptions& o, const std::atomic<bool>& stop) {
  std::unique_ptr<TestSource> s(new TestSource(o, stop));
  char video[768];
  const std::string duration = o.duration_s > 0 ? ":duration=" + std::to_string(o.duration_s) : "";
  if (o.clock_origin_unix_s) {
    // drawtext's %{pts:hms:OFFSET:24HH} prints pts + OFFSET as a time of day:
    // the offset is the origin's seconds since midnight UTC.
    const double day_s = std::fmod(*o.clock_origin_unix_s, 86400.0);
    std::snprintf(video, sizeof video,
                  "testsrc2=size=%ux%u:rate=%lld/%lld%s,format=yuv420p,"
                  "drawtext=fontfile=%s:fontsize=%u:fontcolor=white:box=1:boxcolor=black@0.7:x=(w-tw)/2:y=h/3:"
                  "text='%%{pts\\:hms\\:%.3f\\:24HH} UTC   #%%{frame_num}'",
                  o.width, o.height, static_cast<long long>(o.frame_rate.num),
                  static_cast<long long>(o.frame_rate.den), duration.c_str(), kClockFont, std::max(12u, o.height / 12),
                  day_s);
  } else {
    // Noise strength steps through the 12 s cycle: 0-4 s calm, 4-8 s grainy, 8-12 s very grainy.
    std::snprintf(video, sizeof video,
                  "testsrc2=size=%ux%u:rate=%lld/%lld%s,format=yuv420p,"
                  "noise=alls=10:allf=t:enable='gte(mod(t,12),4)',"
                  "noise=alls=18:allf=t:enable='gte(mod(t,12),8)'",
                  o.width, o.height, static_cast<long long>(o.frame_rate.num),
                  static_cast<long long>(o.frame_rate.den), duration.c_str());
  }
  DS_RETURN_IF_ERROR(s->build_graph(true, video));
  if (o.audio) {
    char audio[256];
    std::snprintf(audio, sizeof audio, "sine=frequency=440:beep_factor=2:sample_rate=48000%s", duration.c_str());
    DS_RETURN_IF_ERROR(s->build_graph(false, audio));
  }
  s->info_ = describe(o);
  return s;
}

SourceInfo TestSource::describe(const TestSourceOptions& o) {
  SourceInfo info;
  info.name = "test source";
  info.has_video = true;
  info.has_audio = o.audio;
  info.geometry = SourceGeometry{o.width, o.height, 1, 1, 0};
  info.frame_rate = o.frame_rate;
  info.duration_s = o.duration_s;
  info.video_codec = "testsrc2";
  if (o.audio) {
    StreamTags tone;
    tone.codec = "sine";
    tone.channels = 1;
    tone.is_default = true;
    info.audio.push_back(tone);
  }
  return info;
}

media::Status TestSource::build_graph(bool video, const std::string& description) {
  media::av::FilterGraphPtr graph(avfilter_graph_alloc());
  if (!graph) return media::make_error(media::ErrorCode::kInternal, "avfilter_graph_alloc failed");
  graph->nb_threads = 1;
  AVFilterContext* sink = nullptr;
  int ret = avfilter_graph_create_filter(&sink, avfilter_get_by_name(video ? "buffersink" : "abuffersink"), "out",
                                         nullptr, nullptr, graph.get());
  if (ret < 0) return media::av::make_av_error(ret, "test source sink");
  AVFilterInOut* inputs = avfilter_inout_alloc();
  inputs->name = av_strdup("out");
  inputs->filter_ctx = sink;
  AVFilterInOut* outputs = nullptr;
  ret = avfilter_graph_parse_ptr(graph.get(), description.c_str(), &inputs, &outputs, nullptr);
  avfilter_inout_free(&inputs);
  avfilter_inout_free(&outputs);
  if (ret >= 0) ret = avfilter_graph_config(graph.get(), nullptr);
  if (ret < 0) return media::av::make_av_error(ret, "test source '" + description + "'");
  (video ? video_graph_ : audio_graph_) = std::move(graph);
  (video ? video_sink_ : audio_sink_) = sink;
  return {};
}

media::Status TestSource::run(FrameConsumer& consumer) {
  auto video = media::av::alloc_frame();
  auto audio = media::av::alloc_frame();
  if (!video.ok() || !audio.ok()) return media::make_error(media::ErrorCode::kInternal, "out of memory");
  bool video_done = false, audio_done = !audio_sink_;
  int64_t next_video = 0;  // output frame index
  double video_time_s = 0, audio_time_s = 0;
  const AVRational video_tb = av_buffersink_get_time_base(video_sink_);
  // Pull whichever stream is behind, so both advance together.
  while (!video_done || !audio_done) {
    if (stop_.load()) return media::make_error(media::ErrorCode::kCancelled, "interrupted");
    const bool pull_video = !video_done && (audio_done || video_time_s <= audio_time_s);
    AVFilterContext* sink = pull_video ? video_sink_ : audio_sink_;
    AVFrame* f = pull_video ? video->get() : audio->get();
    int ret = av_buffersink_get_frame(sink, f);
    if (ret == AVERROR_EOF) {
      (pull_video ? video_done : audio_done) = true;
      continue;
    }
    if (ret < 0) return media::av::make_av_error(ret, "test source");
    media::Status st;
    if (pull_video) {
      video_time_s = av_q2d(video_tb) * double(f->pts);
      f->pict_type = AV_PICTURE_TYPE_NONE;
      st = consumer.on_video(f, next_video++);
    } else {
      f->pts = av_rescale_q(f->pts, av_buffersink_get_time_base(audio_sink_), AVRational{1, f->sample_rate});
      audio_time_s = double(f->pts) / f->sample_rate;
      st = consumer.on_audio(f, 0);
    }
    av_frame_unref(f);
    if (!st.ok()) return st;
  }
  return {};
}

}  // namespace packager
