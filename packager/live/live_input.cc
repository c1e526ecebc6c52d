#include "packager/live/live_input.h"

#include <thread>

#include "packager/file_source.h"
#include "packager/test_source.h"

namespace packager {
namespace {

constexpr const char* kProbeMicroseconds = "500000";  // libavformat reads this much to find the streams

}  // namespace

std::map<std::string, std::string> stream_input_options(const std::string& url) {
  std::map<std::string, std::string> o{{"analyzeduration", kProbeMicroseconds}};
  if (url.rfind("rtmp://", 0) == 0) o.emplace("listen", "1");
  return o;
}

media::Result<std::unique_ptr<LiveInput>> LiveInput::open(const PackageOptions& o, media::Clock& clock,
                                                          const std::atomic<bool>& stop,
                                                          const std::function<double()>& unix_now) {
  const LiveOptions& live = *o.live;
  const LiveInputKind kind = live.test_source ? LiveInputKind::kTestSource
                             : live.realtime  ? LiveInputKind::kRealtimeFile
                                              : LiveInputKind::kStream;
  std::unique_ptr<LiveInput> in(new LiveInput(kind, clock, stop, unix_now));
  if (kind == LiveInputKind::kTestSource) {
    auto size = parse_size(o.test_source_size);
    if (!size.ok()) return size.error();
    TestSourceOptions t;
    t.duration_s = 0;  // until stopped
    t.audio = !o.audio_streams || !o.audio_streams->empty();
    t.width = size->first;
    t.height = size->second;
    in->test_ = t;
    in->info_ = TestSource::describe(t);
    return in;
  }
  const int cores = o.threads > 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  FileSourceOptions fo;
  fo.decoder_threads = cores > 1 ? 2 : 1;
  fo.audio_streams = o.audio_streams;
  fo.subtitle_streams = std::vector<int>{};  // a live run has no text tracks (validate_options)
  fo.max_timestamp_jump_s = live.max_timestamp_jump_s;
  fo.live_stream = kind == LiveInputKind::kStream;
  if (kind == LiveInputKind::kStream) fo.input_options = stream_input_options(o.inputs.front());
  auto s = FileSource::open(o.inputs.front(), stop, fo);
  if (!s.ok()) {
    if (stop.load()) return media::make_error(media::ErrorCode::kCancelled, "interrupted");
    return s.error();
  }
  in->info_ = (*s)->info();
  in->source_ = std::move(*s);
  // A listener may have waited long for its sender: its media time 0 is now.
  in->origin_unix_s_ = unix_now();
  in->origin_clock_s_ = clock.now_s();
  return in;
}

media::Status LiveInput::run(FrameConsumer& consumer) {
  const bool paced = kind_ != LiveInputKind::kStream;
  if (paced) {
    origin_unix_s_ = unix_now_();
    origin_clock_s_ = clock_.now_s();
  }
  if (test_) {
    test_->clock_origin_unix_s = origin_unix_s_;
    auto s = TestSource::open(*test_, stop_);
    if (!s.ok()) return s.error();
    source_ = std::move(*s);
  }
  if (on_origin_) on_origin_(origin_unix_s_);
  PacedConsumer pacer(consumer, clock_, origin_clock_s_, paced, info_.frame_rate, stop_, last_frame_s_, waited_s_);
  media::Status st = source_->run(pacer);
  // A stop (Ctrl-C, a stall) ends the input like its end: the pipeline flushes.
  if (!st.ok() && st.error().code == media::ErrorCode::kCancelled && stop_.load()) return {};
  return st;
}

}  // namespace packager
