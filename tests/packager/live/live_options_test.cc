// Live options: defaults, ranges, and which inputs a live run accepts.
#include "packager/live/live_options.h"

#include <gtest/gtest.h>

#include "packager/options.h"

namespace packager {
namespace {

PackageOptions live_run(std::vector<std::string> inputs, LiveOptions live) {
  PackageOptions o;
  o.output_dir = "out";
  o.inputs = std::move(inputs);
  o.segment_duration_s = kLiveSegmentDurationS;
  o.live = live;
  return o;
}

TEST(LiveOptions, TargetLatencyFollowsChunksOrSegments) {
  LiveOptions l;
  EXPECT_DOUBLE_EQ(target_latency_s(l, 2), 3.0);
  l.chunk_duration_s = 0.5;
  EXPECT_DOUBLE_EQ(target_latency_s(l, 2), 1.0);
  l.chunk_duration_s = 0.8;
  EXPECT_DOUBLE_EQ(target_latency_s(l, 4), 1.6);
  l.target_latency_s = 0.7;
  EXPECT_DOUBLE_EQ(target_latency_s(l, 2), 0.7);
}

TEST(LiveOptions, RangesAreChecked) {
  LiveOptions l;
  EXPECT_TRUE(validate_live_options(l, 2).ok());
  for (double chunk : {-1.0, 0.05, 2.0, 3.0}) {
    LiveOptions c = l;
    c.chunk_duration_s = chunk;
    EXPECT_FALSE(validate_live_options(c, 2).ok()) << chunk;
  }
  LiveOptions w = l;
  w.window_s = 3;  // under two segments
  EXPECT_FALSE(validate_live_options(w, 2).ok());
  LiveOptions s = l;
  s.stall_timeout_s = 0.1;
  EXPECT_FALSE(validate_live_options(s, 2).ok());
  LiveOptions u = l;
  u.utc_timing_url.clear();
  EXPECT_FALSE(validate_live_options(u, 2).ok());
}

TEST(LiveOptions, InputsAStreamAFileWithRealtimeOrTheTestSource) {
  EXPECT_TRUE(validate_options(live_run({"srt://0.0.0.0:9000?mode=listener"}, {})).ok());
  EXPECT_TRUE(validate_options(live_run({"udp://127.0.0.1:1234"}, {})).ok());
  LiveOptions realtime;
  realtime.realtime = true;
  EXPECT_TRUE(validate_options(live_run({"talk.mp4"}, realtime)).ok());
  auto file = validate_options(live_run({"talk.mp4"}, {}));
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.error().message.find("--realtime"), std::string::npos) << file.error().message;
  EXPECT_FALSE(validate_options(live_run({"udp://127.0.0.1:1234"}, realtime)).ok());
  LiveOptions test;
  test.test_source = true;
  EXPECT_TRUE(validate_options(live_run({}, test)).ok());
  EXPECT_FALSE(validate_options(live_run({"udp://127.0.0.1:1234"}, test)).ok());
  PackageOptions ondemand = live_run({"udp://127.0.0.1:1234"}, {});
  ondemand.profile = Profile::kOnDemand;
  EXPECT_FALSE(validate_options(ondemand).ok());
}

// Release options a live run does not support: refused with a line naming the option.
TEST(LiveOptions, ReleaseOptionsItDoesNotSupportAreRefused) {
  auto refused = [](PackageOptions o, const std::string& option) {
    auto r = validate_options(o);
    ASSERT_FALSE(r.ok()) << option;
    EXPECT_NE(r.error().message.find(option), std::string::npos) << r.error().message;
  };
  const PackageOptions base = live_run({"udp://127.0.0.1:1234"}, {});
  for (VideoCodec codec : {VideoCodec::kHevc, VideoCodec::kAv1}) {
    PackageOptions o = base;
    o.codecs = {VideoCodec::kH264, codec};
    refused(o, "--codec " + std::string(codec_name(codec)));
  }
  PackageOptions hls = base;
  hls.hls = true;
  refused(hls, "--hls");
  PackageOptions encrypted = base;
  encrypted.encryption = cenc::EncryptionOptions{};
  refused(encrypted, "--encrypt");
  PackageOptions subtitles = base;
  subtitles.subtitle_streams = std::vector<int>{0};
  refused(subtitles, "--subtitle-streams");
  PackageOptions display = base;
  display.quality_display = true;
  refused(display, "--quality display");
}

}  // namespace
}  // namespace packager
