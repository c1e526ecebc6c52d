// TempoStretch on a generated 1 kHz tone: at 2x and 0.5x the output lasts
// half and twice as long, the tone stays at 1 kHz (a plain resample would
// move it an octave), and the stamps keep media time.
#include "player/av/tempo_stretch.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/samplefmt.h>
}

namespace player {
namespace {

constexpr int kSampleRate = 48000;
constexpr int kFrameSamples = 1024;
constexpr double kToneHz = 1000;

// Plays `seconds` of the tone (from media time `start_s`) through `t`; returns the mono output samples
// and checks every stamp against the media time consumed so far.
std::vector<float> stretch(TempoStretch& t, double seconds, double* last_pts_s = nullptr, double start_s = 0) {
  std::vector<float> out;
  const int total = static_cast<int>(seconds * kSampleRate);
  for (int start = 0; start < total; start += kFrameSamples) {
    media::av::FramePtr f(av_frame_alloc());
    f->format = AV_SAMPLE_FMT_FLTP;
    f->sample_rate = kSampleRate;
    av_channel_layout_default(&f->ch_layout, 1);
    f->nb_samples = std::min(kFrameSamples, total - start);
    EXPECT_GE(av_frame_get_buffer(f.get(), 0), 0);
    auto* s = reinterpret_cast<float*>(f->data[0]);
    for (int i = 0; i < f->nb_samples; ++i) s[i] = 0.5f * std::sin(2 * M_PI * kToneHz * (start + i) / kSampleRate);
    const double pts = start_s + static_cast<double>(start) / kSampleRate;
    auto st = t.push(*f, pts, [&](const AVFrame& o, double o_pts) {
      EXPECT_LE(o_pts, pts + 1e-9) << "stamped ahead of the media pushed so far";
      if (last_pts_s) *last_pts_s = o_pts;
      const auto* d = reinterpret_cast<const float*>(o.data[0]);
      out.insert(out.end(), d, d + o.nb_samples);
    });
    EXPECT_TRUE(st.ok()) << st.error();
  }
  return out;
}

// Frequency from the zero crossings of the middle 80% of `s`.
double tone_hz(const std::vector<float>& s) {
  const size_t from = s.size() / 10, to = s.size() - s.size() / 10;
  int crossings = 0;
  for (size_t i = from + 1; i < to; ++i) crossings += (s[i - 1] < 0) != (s[i] < 0);
  return crossings / 2.0 / (static_cast<double>(to - from) / kSampleRate);
}

TEST(TempoStretch, DoubleSpeedHalvesTheDurationAndKeepsThePitch) {
  TempoStretch t;
  t.set_rate(2);
  double last_pts = 0;
  const auto out = stretch(t, 2.0, &last_pts);
  const double out_s = static_cast<double>(out.size()) / kSampleRate;
  EXPECT_GT(out_s, 0.9);
  EXPECT_LE(out_s, 1.01);
  EXPECT_NEAR(tone_hz(out), kToneHz, 30);
  EXPECT_GT(last_pts, 1.7);  // the stamps advanced through the media, 2 s per output second
}

TEST(TempoStretch, HalfSpeedDoublesTheDurationAndKeepsThePitch) {
  TempoStretch t;
  t.set_rate(0.5);
  const auto out = stretch(t, 1.0);
  const double out_s = static_cast<double>(out.size()) / kSampleRate;
  EXPECT_GT(out_s, 1.85);
  EXPECT_LE(out_s, 2.01);
  EXPECT_NEAR(tone_hz(out), kToneHz, 30);
}

TEST(TempoStretch, ARateChangeMidwayDropsNoAudio) {
  // 1 s at 1.25x, then 1 s at 1.5x (live catch-up steps): about 0.8 + 0.667 s
  // out, minus what atempo still holds at the end.
  TempoStretch t;
  t.set_rate(1.25);
  const auto first = stretch(t, 1.0);
  t.set_rate(1.5);
  const auto second = stretch(t, 1.0, nullptr, 1.0);
  const double out_s = static_cast<double>(first.size() + second.size()) / kSampleRate;
  EXPECT_GT(out_s, 0.8 + 0.667 - 0.06);
  EXPECT_LT(out_s, 0.8 + 0.667 + 0.01);
  EXPECT_NEAR(tone_hz(second), kToneHz, 30);
  // Rebuilding the filter instead would have lost what it held.
  TempoStretch rebuilt;
  rebuilt.set_rate(1.25);
  const auto before = stretch(rebuilt, 1.0);
  rebuilt.reset();
  rebuilt.set_rate(1.5);
  const auto after = stretch(rebuilt, 1.0, nullptr, 1.0);
  const double rebuilt_s = static_cast<double>(before.size() + after.size()) / kSampleRate;
  EXPECT_GT(out_s, rebuilt_s + 0.01);  // here 1.4209 s against 1.4042 s
}

TEST(TempoStretch, NormalSpeedPassesFramesThroughAndRatesAreClamped) {
  TempoStretch t;
  const auto out = stretch(t, 0.5);
  EXPECT_EQ(out.size(), static_cast<size_t>(0.5 * kSampleRate));
  t.set_rate(5);
  EXPECT_EQ(t.rate(), kMaxPlaybackRate);
  t.set_rate(0.1);
  EXPECT_EQ(t.rate(), kMinPlaybackRate);
}

}  // namespace
}  // namespace player
