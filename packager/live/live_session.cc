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

namespace {

LiveManifestSettings manifest_settings(const PackageOptions& o) {
  const LiveOptions& live = *o.live;
  LiveManifestSettings ms;
  ms.segment_duration_s = o.segment_duration_s;
  ms.chunk_duration_s = live.chunk_duration_s;
  ms.time_shift_buffer_s = live.window_s;
  ms.target_latency_s = target_latency_s(live, o.segment_duration_s);
  ms.number_template = live.number_template;
  ms.utc_timing_url = live.utc_timing_url;
  return ms;
}

// The rungs for this input: --ladder, else the default live ladder.
media::Result<std::vector<LadderRung>> period_ladder(const PackageOptions& o, const std::vector<RungSpec>& specs,
                                                     const SourceInfo& info) {
  if (!info.has_video) return std::vector<LadderRung>{};
  if (o.live->number_template) {
    const double frames = o.segment_duration_s * info.frame_rate.fps();
    if (std::fabs(frames - std::round(frames)) > 1e-6) {
      char why[160];
      std::snprintf(why, sizeof why, "--addressing number needs segments of whole frames; %g s at %g fps is not",
                    o.segment_duration_s, info.frame_rate.fps());
      return media::make_error(media::ErrorCode::kInvalidArgument, why);
    }
  }
  if (specs.empty()) return live_ladder(info.geometry);
  return choose_ladder(specs, info);
}

// What the encoders promise at most, for @bandwidth before any segment is
// complete (live encodes H.264 only; audio ids as the pipeline names them).
std::map<std::string, uint64_t> nominal_bandwidths(const PackageOptions& o, const std::vector<LadderRung>& ladder,
                                                   const SourceInfo& info) {
  std::map<std::string, uint64_t> bps;
  for (size_t i = 0; i < ladder.size(); ++i)
    bps[rung_id(VideoCodec::kH264, i)] = static_cast<uint64_t>(ladder[i].video_rate_bps * kMaxRateFactor);
  for (size_t i = 0; i < info.audio.size(); ++i) {
    const bool surround = o.keep_surround && info.audio[i].channels > kStereoChannels;
    bps["a" + std::to_string(i)] = static_cast<uint64_t>(surround ? o.surround_rate_bps : o.audio_rate_bps);
  }
  return bps;
}

struct PeriodResult {
  double media_s = 0;   // encoded
  double waited_s = 0;  // the input waited on the encoders
  bool stalled = false;  // ended by the stall watchdog (else: the input ended, or a stop)
  LiveInputKind kind = LiveInputKind::kStream;
};

// One Period: opens the input (a listener waits for its sender) and packages
// it until it ends, stalls or is stopped. kCancelled when stopped before the
// input came.
media::Result<PeriodResult> run_period(const PackageOptions& o, const std::vector<RungSpec>& specs, int period_index,
                                       LivePublisher& publisher, std::atomic<int>& preset_index,
                                       const std::atomic<bool>& interrupted, media::Clock& clock,
                                       const std::function<double()>& unix_now) {
  const LiveOptions& live = *o.live;
  Watchdog watchdog(interrupted, clock, live.stall_timeout_s);
  auto input = LiveInput::open(o, clock, watchdog.input_stop(), unix_now);
  if (!input.ok()) return input.error();
  LiveInput& in = **input;
  auto ladder = period_ladder(o, specs, in.info());
  if (!ladder.ok()) return ladder.error();
  const auto nominal_bps = nominal_bandwidths(o, *ladder, in.info());
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
  OutputFiles files(o.output_dir);  // the pipeline's; live segments bypass its commit
  watchdog.watch(&in, &publisher);
  RunContext context{files, watchdog.cancel(), clock, &progress};
  auto result = run_pipeline(o, *ladder, in, context, hooks);
  watchdog.watch(nullptr, nullptr);
  if (auto publish_error = publisher.error()) return *publish_error;
  if (!result.ok()) return result.error();
  return PeriodResult{progress.done_s(), in.waited_s(), watchdog.stalled(), in.kind()};
}

}  // namespace

media::Result<LiveRunSummary> run_live(const PackageOptions& o, const std::vector<RungSpec>& specs,
                                       const std::atomic<bool>& interrupted, media::Clock& clock,
                                       const std::function<double()>& unix_now) {
  DS_RETURN_IF_ERROR(remove_stale_live_outputs(o.output_dir));
  LivePublisher publisher(o.output_dir, manifest_settings(o), unix_now);
  std::atomic<int> preset_index{preset_index_of(o.preset)};
  LiveRunSummary summary;
  summary.manifest_path = (o.output_dir / kLiveManifestName).string();
  for (;;) {
    if (summary.periods > 0) say(o, "waiting for the input to come back (Ctrl-C ends the stream)");
    auto period = run_period(o, specs, summary.periods, publisher, preset_index, interrupted, clock, unix_now);
    if (!period.ok()) {
      if (period.error().code == media::ErrorCode::kCancelled && interrupted.load() && summary.periods > 0) break;
      (void)publisher.finish();  // the MPD ends static over what is complete, or goes
      return period.error();
    }
    summary.media_s += period->media_s;
    summary.waited_s += period->waited_s;
    ++summary.periods;
    if (interrupted.load() || period->kind != LiveInputKind::kStream) break;
    char why[96];
    if (period->stalled)
      std::snprintf(why, sizeof why, "input silent for %g s; Period %d ends", o.live->stall_timeout_s, summary.periods - 1);
    else
      std::snprintf(why, sizeof why, "input ended; Period %d ends", summary.periods - 1);
    say(o, why);
  }
  DS_RETURN_IF_ERROR(publisher.finish());
  summary.mpd_writes = publisher.mpd_writes();
  return summary;
}

}  // namespace packager
