// The built-in synthetic source (`--test-source SECONDS`), made with
// libavfilter so the demo needs no input file: FFmpeg's testsrc2 pattern
// (moving objects, a running clock) with film-grain noise that switches on
// and off in a 12 s cycle (calm → grainy → very grainy), so segments differ
// in complexity and the ladder has something to choose between; plus a
// 440 Hz tone that beeps once a second. The live variant runs until stopped
// and shows the wall-clock time and frame number instead of the grain.
#pragma once

#include <atomic>
#include <memory>
#include <optional>

#include "media/av/ptr.h"
#include "media/error.h"
#include "packager/source.h"

namespace packager {

struct TestSourceOptions {
  double duration_s = 30;     // length of the clip; 0 = endless (live)
  uint32_t width = 1280;      // default: 720p gives a 4-rung ladder that packages quickly
  uint32_t height = 720;
  FrameRate frame_rate{30, 1};
  bool audio = true;
  // Live: no grain cycle; instead the capture time (UTC, to the millisecond,
  // for frame pts t: this origin + t) and the frame number are drawn in, so
  // latency can be read off any screen.
  std::optional<double> clock_origin_unix_s;
};

class TestSource : public Source {
 public:
  static media::Result<std::unique_ptr<TestSource>> open(const TestSourceOptions& options,
                                                         const std::atomic<bool>& stop);
  // What open() will deliver, without building anything.
  static SourceInfo describe(const TestSourceOptions& options);

  const SourceInfo& info() const override { return info_; }
  media::Status run(FrameConsumer& consumer) override;

 private:
  TestSource(const TestSourceOptions& o, const std::atomic<bool>& stop) : options_(o), stop_(stop) {}
  media::Status build_graph(bool video, const std::string& description);

  TestSourceOptions options_;
  const std::atomic<bool>& stop_;
  SourceInfo info_;
  media::av::FilterGraphPtr video_graph_;
  media::av::FilterGraphPtr audio_graph_;
  AVFilterContext* video_sink_ = nullptr;  // owned by the graphs
  AVFilterContext* audio_sink_ = nullptr;
};

}  // namespace packager
