// Pacing on a manual clock: frames go on at their capture time, not before;
// a stop ends a wait at once; the waiting on the next stage is counted.
#include "packager/live/paced_consumer.h"

#include <gtest/gtest.h>

#include "media/av/alloc.h"

namespace packager {
namespace {

void expect_times(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-9) << i;
}

class Recorder : public FrameConsumer {
 public:
  explicit Recorder(media::ManualClock& clock) : clock_(clock) {}
  media::Status on_video(const AVFrame*, int64_t) override {
    video_at_s.push_back(clock_.now_s());
    clock_.advance(busy_s);  // the encoders' queue is full this long
    return {};
  }
  media::Status on_audio(const AVFrame*, size_t) override {
    audio_at_s.push_back(clock_.now_s());
    return {};
  }
  std::vector<double> video_at_s, audio_at_s;
  double busy_s = 0;

 private:
  media::ManualClock& clock_;
};

TEST(PacedConsumer, DeliversEachFrameAtItsCaptureTime) {
  media::ManualClock clock(100);
  Recorder next(clock);
  std::atomic<bool> stop{false};
  std::atomic<double> last{NAN}, waited{0};
  PacedConsumer paced(next, clock, 100, true, FrameRate{25, 1}, stop, last, waited);
  auto frame = media::av::alloc_frame();
  ASSERT_TRUE(frame.ok());
  for (int n = 0; n < 5; ++n) ASSERT_TRUE(paced.on_video(frame->get(), n).ok());
  (*frame)->pts = 48000;  // 1 s of audio in
  (*frame)->sample_rate = 48000;
  ASSERT_TRUE(paced.on_audio(frame->get(), 0).ok());
  expect_times(next.video_at_s, {100, 100.04, 100.08, 100.12, 100.16});
  expect_times(next.audio_at_s, {101});
  EXPECT_DOUBLE_EQ(last.load(), 101);
  EXPECT_DOUBLE_EQ(waited.load(), 0);
}

TEST(PacedConsumer, LateFramesGoAtOnceAndTheWaitIsCounted) {
  media::ManualClock clock(0);
  Recorder next(clock);
  next.busy_s = 0.1;  // slower than 25 fps
  std::atomic<bool> stop{false};
  std::atomic<double> last{NAN}, waited{0};
  PacedConsumer paced(next, clock, 0, true, FrameRate{25, 1}, stop, last, waited);
  auto frame = media::av::alloc_frame();
  for (int n = 0; n < 4; ++n) ASSERT_TRUE(paced.on_video(frame->get(), n).ok());
  expect_times(next.video_at_s, {0, 0.1, 0.2, 0.3});
  EXPECT_NEAR(waited.load(), 0.4, 1e-12);
}

TEST(PacedConsumer, AStopEndsTheWait) {
  media::ManualClock clock(0);
  Recorder next(clock);
  std::atomic<bool> stop{true};
  std::atomic<double> last{NAN}, waited{0};
  PacedConsumer paced(next, clock, 0, true, FrameRate{25, 1}, stop, last, waited);
  auto frame = media::av::alloc_frame();
  auto st = paced.on_video(frame->get(), 50);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, media::ErrorCode::kCancelled);
  EXPECT_TRUE(next.video_at_s.empty());
}

}  // namespace
}  // namespace packager
