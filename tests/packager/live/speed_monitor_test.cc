// Falling behind is backpressure (the input waiting on the encoders), not a
// silent input; one event per change, with the speed over the window.
#include "packager/live/speed_monitor.h"

#include <gtest/gtest.h>

namespace packager {
namespace {

constexpr double kTickS = 0.1;  // the pipeline's progress cadence

// Feeds `seconds` of samples at `speed` (media per wall second) while the
// input waits `waited_share` of the time; returns the events seen.
std::vector<SpeedEvent> feed(SpeedMonitor& m, double& t, double& done, double& waited, double seconds, double speed,
                             double waited_share) {
  std::vector<SpeedEvent> events;
  for (double end = t + seconds; t < end - 1e-9;) {
    t += kTickS;
    done += speed * kTickS;
    waited += waited_share * kTickS;
    if (auto e = m.add(t, done, waited); e != SpeedEvent::kNone) events.push_back(e);
  }
  return events;
}

TEST(SpeedMonitor, KeepingUpRaisesNothing) {
  SpeedMonitor m;
  double t = 0, done = 0, waited = 0;
  EXPECT_TRUE(feed(m, t, done, waited, 30, 1.0, 0.02).empty());
  EXPECT_NEAR(m.speed_x(), 1.0, 1e-9);
  EXPECT_FALSE(m.behind());
}

TEST(SpeedMonitor, AStalledInputIsNotFallingBehind) {
  SpeedMonitor m;
  double t = 0, done = 0, waited = 0;
  feed(m, t, done, waited, 10, 1.0, 0.02);
  EXPECT_TRUE(feed(m, t, done, waited, 8, 0.0, 0.0).empty());  // no media, the input waits for data
  EXPECT_NEAR(m.speed_x(), 0.0, 1e-9);
  EXPECT_FALSE(m.behind());
}

TEST(SpeedMonitor, SlowEncodersAreReportedOnceThenCaughtUp) {
  SpeedMonitor m;
  double t = 0, done = 0, waited = 0;
  feed(m, t, done, waited, 10, 1.0, 0.02);
  auto slow = feed(m, t, done, waited, 10, 0.8, 0.95);
  ASSERT_EQ(slow, std::vector<SpeedEvent>{SpeedEvent::kFellBehind});
  EXPECT_NEAR(m.speed_x(), 0.8, 1e-9);
  EXPECT_TRUE(m.behind());
  auto recovered = feed(m, t, done, waited, 10, 1.0, 0.02);
  EXPECT_EQ(recovered, std::vector<SpeedEvent>{SpeedEvent::kCaughtUp});
}

TEST(SpeedMonitor, ABriefHiccupIsNotReported) {
  SpeedMonitor m;
  double t = 0, done = 0, waited = 0;
  feed(m, t, done, waited, 10, 1.0, 0.02);
  EXPECT_TRUE(feed(m, t, done, waited, 1.5, 0.5, 1.0).empty());  // 1.5 s of waiting is under half of 5 s
  EXPECT_TRUE(feed(m, t, done, waited, 10, 1.0, 0.02).empty());
}

}  // namespace
}  // namespace packager
