// One connection of a live input, as a Source for run_pipeline: the live
// test source (clock picture + tone), a file read at its native rate, or a
// network stream libavformat reads (srt://...?mode=listener, udp://...,
// rtmp://... which we listen on). Frames pass a PacedConsumer: the first two
// are paced to the clock, streams arrive in real time by themselves.
//
// Origin (the Unix time media time 0 was captured): for paced inputs the
// moment run() starts (so encoder start-up is not counted as latency; the
// test source draws its clock from it), for streams the moment the first
// data arrived (in open). run() reports it first thing via `on_origin`.
//
// `stop` (Ctrl-C, or the session's stall watchdog) ends run() like the end
// of the input: the pipeline then flushes and finishes its segments, so an
// outage or a stop never leaves a broken segment. Not thread-safe: run() on
// the pipeline's source thread; last_frame_s() from any thread.
#pragma once

#include <atomic>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "media/clock.h"
#include "media/error.h"
#include "packager/live/paced_consumer.h"
#include "packager/options.h"
#include "packager/source.h"
#include "packager/test_source.h"

namespace packager {

enum class LiveInputKind { kTestSource, kRealtimeFile, kStream };

class LiveInput : public Source {
 public:
  // Opens the input; a listener blocks here until its sender connects and
  // the streams are probed. kCancelled when `stop` is set first.
  // `unix_now` reads the wall clock (Unix seconds).
  static media::Result<std::unique_ptr<LiveInput>> open(const PackageOptions& options, media::Clock& clock,
                                                        const std::atomic<bool>& stop,
                                                        const std::function<double()>& unix_now);

  const SourceInfo& info() const override { return info_; }
  media::Status run(FrameConsumer& consumer) override;

  // Called on the source thread when run() starts, with the origin.
  void on_origin(std::function<void(double origin_unix_s)> fn) { on_origin_ = std::move(fn); }

  LiveInputKind kind() const { return kind_; }
  // Clock time the last frame arrived; NaN before the first.
  double last_frame_s() const { return last_frame_s_.load(std::memory_order_relaxed); }
  // Total time run() has waited on the pipeline handing frames on.
  double waited_s() const { return waited_s_.load(std::memory_order_relaxed); }

 private:
  LiveInput(LiveInputKind kind, media::Clock& clock, const std::atomic<bool>& stop, std::function<double()> unix_now)
      : kind_(kind), clock_(clock), stop_(stop), unix_now_(std::move(unix_now)) {}

  LiveInputKind kind_;
  media::Clock& clock_;
  const std::atomic<bool>& stop_;
  std::function<double()> unix_now_;
  SourceInfo info_;
  std::unique_ptr<Source> source_;         // the test source is made in run(), with its clock origin
  std::optional<TestSourceOptions> test_;  // ... from these
  std::function<void(double)> on_origin_;
  double origin_unix_s_ = 0;
  double origin_clock_s_ = 0;
  std::atomic<double> last_frame_s_{NAN};
  std::atomic<double> waited_s_{0};
};

// The input options a network stream is opened with: listen on rtmp (we are
// its server), a short probe so the stream starts quickly.
std::map<std::string, std::string> stream_input_options(const std::string& url);

}  // namespace packager
