#include "packager/live/live_session.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <thread>

#include "packager/audio_encoder.h"
#include "packager/live/live_input.h"
#include "packager/live/live_manifest.h"
#include "packager/live/live_progress.h"
#include "packager/live/live_publisher.h"
#include "packager/pipeline.h"

namespace packager {
namespace {

constexpr auto kWatchdogTick = std::chrono::milliseconds(50);
constexpr uint32_t kLiveMinShortSide = 360;
constexpr uint32_t kLiveMaxShortSide = 720;

int preset_index_of(const std::string& preset) {
  for (int i = 0; i < int(std::size(kPresets)); ++i)
    if (preset == kPresets[i]) return i;
  return 2;  // veryfast; validate_options rejects unknown presets before
}

// Watches one Period from the side: Ctrl-C and a silent network input stop
// the input (which ends the Period cleanly), a publishing error cancels the
// pipeline. Polls in real time; the times it compares come from `clock`.
class Watchdog {
 public:
  Watchdog(const std::atomic<bool>& interrupted, media::Clock& clock, double stall_timeout_s)
      : interrupted_(interrupted), clock_(clock), stall_timeout_s_(stall_timeout_s),
        thread_([this](std::stop_token st) { loop(st); }) {}
  ~Watchdog() { thread_.request_stop(); }

  void watch(const LiveInput* input, const LivePublisher* publisher) {
    input_.store(input);
    publisher_.store(publisher);
  }
  std::atomic<bool>& input_stop() { return input_stop_; }
  std::atomic<bool>& cancel() { return cancel_; }
  bool stalled() const { return stalled_.load(); }

 private:
  void loop(const std::stop_token& st) {
    while (!st.stop_requested()) {
      if (interrupted_.load() && !input_stop_.exchange(true)) clock_.wake();
      if (const LiveInput* in = input_.load(); in != nullptr && in->kind() == LiveInputKind::kStream) {
        const double last_s = in->last_frame_s();
        if (!std::isnan(last_s) && clock_.now_s() - last_s > stall_timeout_s_ && !input_stop_.load()) {
          stalled_.store(true);
          input_stop_.store(true);
        }
      }
      if (const LivePublisher* p = publisher_.load(); p != nullptr && p->error()) {
        cancel_.store(true);
        input_stop_.store(true);
        clock_.wake();
      }
      std::this_thread::sleep_for(kWatchdogTick);
    }
  }

  const std::atomic<bool>& interrupted_;
  media::Clock& clock_;
  const double stall_timeout_s_;
  std::atomic<const LiveInput*> input_{nullptr};
  std::atomic<const LivePublisher*> publisher_{nullptr};
  std::atomic<bool> input_stop_{false};
  std::atomic<bool> cancel_{false};
  std::atomic<bool> stalled_{false};
  std::jthread thread_;  // last: starts once the members above exist
};

void say(const PackageOptions& o, const std::string& text) {
  if (o.quiet) return;
  std::fprintf(stderr, "dash-package: %s\n", text.c_str());
}

}  // namespace

double system_unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::vector<LadderRung> live_ladder(const SourceGeometry& source) {
  const std::vector<LadderRung> derived = derive_ladder(source);
  std::vector<LadderRung> live;
  for (const auto& r : derived) {
    const uint32_t short_side = std::min(r.width, r.height);
    if (short_side >= kLiveMinShortSide && short_side <= kLiveMaxShortSide) live.push_back(r);
  }
  return live.empty() ? derived : live;
}

media::Result<LiveRunSummary> run_live(const PackageOptions& o, const std::vector<RungSpec>& specs,
                                       const std::atomic<bool>& interrupted, media::Clock& clock,
                                       const std::function<double()>& unix_now) {
  const LiveOptions& live = *o.live;
  DS_RETURN_IF_ERROR(remove_stale_live_outputs(o.output_dir));
  OutputFiles files(o.output_dir);  // the pipeline's; live segments bypass its commit
  LiveManifestSettings ms;
  ms.segment_duration_s = o.segment_duration_s;
  ms.chunk_duration_s = live.chunk_duration_s;
  ms.time_shift_buffer_s = live.window_s;
  ms.target_latency_s = target_latency_s(live, o.segment_duration_s);
  ms.number_template = live.number_template;
  ms.utc_timing_url = live.utc_timing_url;
  LivePublisher publisher(o.output_dir, ms, unix_now);
  std::atomic<int> preset_index{preset_index_of(o.preset)};
  LiveRunSummary summary;
  summary.manifest_path = (o.output_dir / kLiveManifestName).string();

  for (;;) {
    Watchdog watchdog(interrupted, clock, live.stall_timeout_s);
    if (summary.periods > 0) say(o, "waiting for the input to come back (Ctrl-C ends the stream)");
    auto input = LiveInput::open(o, clock, watchdog.input_stop(), unix_now);
    if (!input.ok()) {
      if (input.error().code == media::ErrorCode::kCancelled && interrupted.load()) break;
      if (summary.periods > 0) (void)publisher.finish();
      return input.error();
    }
    LiveInput& in = **input;
    const SourceInfo& info = in.info();
    if (live.number_template && info.has_video) {
      const double frames = o.segment_duration_s * info.frame_rate.fps();
      if (std::fabs(frames - std::round(frames)) > 1e-6)
        return media::make_error(media::ErrorCode::kInvalidArgument,
                                 "--addressing number needs segments of whole frames; " +
                                     std::to_string(o.segment_duration_s) + " s at " +
                                     std::to_string(info.frame_rate.fps()) + " fps is not");
    }
    std::vector<LadderRung> ladder;
    if (info.has_video) {
      if (specs.empty()) {
        ladder = live_ladder(info.geometry);
      } else {
        auto chosen = choose_ladder(specs, info);
        if (!chosen.ok()) return chosen.error();
        ladder = *chosen;
      }
    }
    std::map<std::string, uint64_t> nominal_bps;
    for (size_t i = 0; i < ladder.size(); ++i)
      nominal_bps["v" + std::to_string(i)] = static_cast<uint64_t>(ladder[i].video_rate_bps * kMaxRateFactor);
    nominal_bps["a0"] = static_cast<uint64_t>(o.audio_rate_bps);

    const int period_index = summary.periods;
    const uint64_t first_number = publisher.next_number();
    // The Period begins when the input's origin is known (its first frame is due).
    PresentationDescription representations;
    std::atomic<double> origin_unix_s{0};
    in.on_origin([&](double origin) {
      origin_unix_s.store(origin);
      publisher.begin_period(origin, first_number, representations, nominal_bps);
    });
    PipelineHooks hooks;
    hooks.sink = &publisher;
    hooks.configure_encoder = [](VideoEncoderSettings& vs) { vs.low_delay = true; };
    hooks.configure_segmenter = [&](SegmenterConfig& sc) {
      LiveOutput out;
      out.chunk_ticks = static_cast<int64_t>(std::llround(live.chunk_duration_s * sc.track.timescale));
      out.first_number = first_number;
      out.init_name = live_init_name(sc.rep_id, period_index);
      const double timescale = sc.track.timescale;
      out.capture_unix_s = [&origin_unix_s, timescale](int64_t pts) { return origin_unix_s.load() + double(pts) / timescale; };
      sc.live_output = std::move(out);
    };
    hooks.on_started = [&](const PresentationDescription& p) { representations = p; };
    if (live.adapt_preset) hooks.preset_index = &preset_index;

    LiveProgress progress(o.quiet ? nullptr : stderr, isatty(STDERR_FILENO) != 0,
                          live.adapt_preset ? &preset_index : nullptr, o.preset, [&in] { return in.waited_s(); });
    watchdog.watch(&in, &publisher);
    auto result = run_pipeline(o, ladder, in, files, watchdog.cancel(), &progress, hooks);
    watchdog.watch(nullptr, nullptr);
    if (!result.ok()) {
      auto publish_error = publisher.error();
      (void)publisher.finish();
      return publish_error ? *publish_error : result.error();
    }
    ++summary.periods;
    summary.media_s += progress.done_s();
    summary.waited_s += in.waited_s();
    if (interrupted.load() || in.kind() != LiveInputKind::kStream) break;
    say(o, watchdog.stalled() ? "input stalled for " + std::to_string(live.stall_timeout_s) + " s; Period " +
                                    std::to_string(period_index) + " ends"
                              : "input ended; Period " + std::to_string(period_index) + " ends");
  }
  if (summary.periods == 0) return media::make_error(media::ErrorCode::kCancelled, "interrupted");
  DS_RETURN_IF_ERROR(publisher.finish());
  summary.mpd_writes = publisher.mpd_writes();
  return summary;
}

}  // namespace packager
