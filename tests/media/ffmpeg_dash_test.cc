// MPDs written by the FFmpeg CLI's DASH muxer (template, timeline and
// single-file byte-range forms) resolve to segments that exist on disk, whose
// byte ranges hold media fragments, and whose times agree with the fragments'
// own tfdt and with ffprobe.
#include <gtest/gtest.h>

#include <cmath>

#include "media/file_io.h"
#include "media/isobmff/boxes.h"
#include "media/mpd/reader.h"
#include "media/mpd/segments.h"
#include "support/process.h"

namespace media {
namespace {

using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::shell_quote;

constexpr double kClipSeconds = 6.0;
constexpr double kFrameSeconds = 1.0 / 25;

class FfmpegDash : public ::testing::TestWithParam<const char*> {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("ffmpeg-dash");
    // 25 fps with a key frame every second: ffmpeg cuts 2 s segments exactly.
    const std::string input = "-f lavfi -i testsrc2=size=320x180:rate=25:duration=6 -f lavfi -i "
                              "sine=frequency=440:sample_rate=48000:duration=6 -c:v libx264 -preset ultrafast "
                              "-g 25 -keyint_min 25 -sc_threshold 0 -c:a aac -b:a 64k -f dash -seg_duration 2 ";
    const std::pair<const char*, const char*> forms[] = {
        {"template", "-use_template 1 -use_timeline 0"},
        {"timeline", "-use_template 1 -use_timeline 1"},
        {"single", "-single_file 1 -use_template 0 -use_timeline 0"},
    };
    for (const auto& [name, flags] : forms) {
      auto out = (*dir_ / name);
      std::filesystem::create_directories(out);
      auto r = run_command("ffmpeg -nostdin -v error -y " + input + flags + " " +
                           shell_quote((out / "manifest.mpd").string()));
      ASSERT_EQ(r.exit_code, 0) << r.output;
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  std::filesystem::path mpd_path() const { return *dir_ / GetParam() / "manifest.mpd"; }

  static ScratchDir* dir_;
};

ScratchDir* FfmpegDash::dir_ = nullptr;

// Bytes of `loc` on disk (the whole file, or its byte range).
Result<std::string> read_location(const MediaLocation& loc) {
  auto data = read_file(loc.url);
  if (!data.ok() || !loc.range) return data;
  uint64_t first = loc.range->first;
  uint64_t last = loc.range->last.value_or(data->size() - 1);
  if (last >= data->size() || first > last) return make_error(ErrorCode::kParse, "range past the end of " + loc.url);
  return data->substr(first, last - first + 1);
}

Bytes as_bytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

double ffprobe_start_time(const std::filesystem::path& file) {
  auto r = run_command("ffprobe -v error -show_entries stream=start_time -of csv=p=0 " + shell_quote(file.string()));
  return r.exit_code == 0 ? std::atof(r.output.c_str()) : -1;
}

TEST_P(FfmpegDash, SegmentsExistAndTimesAgree) {
  auto mpd = read_mpd_file(mpd_path());
  ASSERT_TRUE(mpd.ok()) << mpd.error();
  const Period& period = mpd->periods.at(0);
  ASSERT_EQ(period.adaptation_sets.size(), 2u);
  for (size_t s = 0; s < period.adaptation_sets.size(); ++s) {
    auto rr = resolve_representation(*mpd, 0, s, 0, mpd_path().string());
    ASSERT_TRUE(rr.ok()) << rr.error();
    ASSERT_TRUE(rr->initialization);
    auto init = read_location(*rr->initialization);
    ASSERT_TRUE(init.ok()) << init.error();
    auto info = parse_init_segment(as_bytes(*init));
    ASSERT_TRUE(info.ok()) << info.error();
    ASSERT_GE(rr->segments.size(), 3u);
    double covered_s = 0;
    for (const SegmentRef& seg : rr->segments) {
      auto data = read_location(seg.location);
      ASSERT_TRUE(data.ok()) << data.error();
      auto frags = parse_media_segment(as_bytes(*data), info->defaults);
      ASSERT_TRUE(frags.ok()) << seg << ": " << frags.error();
      ASSERT_TRUE(frags->front().base_media_decode_time.has_value());
      double tfdt_s = static_cast<double>(*frags->front().base_media_decode_time) / info->timescale;
      double frag_s = 0;
      for (const auto& f : *frags) frag_s += static_cast<double>(f.duration_ticks) / info->timescale;
      // The MPD's nominal times match the media's own within a frame (AAC frames are 21 ms).
      EXPECT_NEAR(tfdt_s, seg.start_s(), kFrameSeconds + 1e-6) << GetParam() << " " << seg;
      covered_s += frag_s;
      if (seg.number == rr->segments.front().number + 1) {
        // ffprobe agrees on when the second segment starts.
        auto probe = *dir_ / (std::string(GetParam()) + "-probe.mp4");
        ASSERT_TRUE(write_file_atomic(probe, *init + *data).ok());
        EXPECT_NEAR(ffprobe_start_time(probe), seg.start_s(), 2 * kFrameSeconds) << GetParam() << " " << seg;
      }
    }
    EXPECT_NEAR(covered_s, kClipSeconds, 0.1) << GetParam() << " adaptation set " << s;
  }
}

INSTANTIATE_TEST_SUITE_P(Forms, FfmpegDash, ::testing::Values("template", "timeline", "single"));

}  // namespace
}  // namespace media
