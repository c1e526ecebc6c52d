#include "player/abr/abandonment.h"

#include <gtest/gtest.h>

#include "player/abr/registry.h"
#include "context_builder.h"

namespace abr {
namespace {

using testing::ContextBuilder;

constexpr size_t kTopRung = 5;
constexpr double kBufferS = 5.5;

// A top-rung segment (4.3 Mbit/s × 4 s = 2.15 MB) arriving at 1 Mbit/s.
DownloadProgress slow_top_download(double buffer_s) {
  DownloadProgress p;
  p.rung = kTopRung;
  p.size_bytes = 4.3e6 * 4 / 8;
  p.elapsed_s = 1.0;
  p.ttfb_s = 0.05;
  p.received_bytes = 1e6 / 8 * p.elapsed_s;
  p.buffer_s = buffer_s;
  return p;
}

class NeverAbandons : public AbrAlgorithm {
 public:
  std::string_view name() const override { return "never"; }
  void observe(const SegmentResult&) override {}
  Decision choose(const AbrContext&) override { return {}; }
};

class AlwaysAbandonsTo : public NeverAbandons {
 public:
  explicit AlwaysAbandonsTo(size_t rung) : rung_(rung) {}
  std::optional<size_t> should_abandon(const DownloadProgress&, const AbrContext&) override { return rung_; }

 private:
  size_t rung_;
};

TEST(SafetyNet, AbandonsForTheHighestRungThatArrivesInTime) {
  ContextBuilder b;
  b.nominal_sizes(4).buffer(kBufferS);
  // At 1 Mbit/s the rest of the top segment needs 7.6 s, more than the
  // buffer. Rung 1 (750 kbit/s × 4 s = 375 kB) needs 3 s < 0.8 × 5.5 s;
  // rung 2 needs 4.8 s (too long).
  auto lower = safety_net_abandon(slow_top_download(kBufferS), b.get());
  ASSERT_TRUE(lower.has_value());
  EXPECT_EQ(*lower, 1u);
}

TEST(SafetyNet, CarriesOnWhenTheDownloadBeatsTheBuffer) {
  ContextBuilder b;
  b.nominal_sizes(4).buffer(30);
  EXPECT_FALSE(safety_net_abandon(slow_top_download(30), b.get()).has_value());
}

TEST(SafetyNet, TakesTheLowestRungWhenNothingArrivesInTime) {
  ContextBuilder b;
  b.nominal_sizes(4).buffer(1);
  auto lower = safety_net_abandon(slow_top_download(1), b.get());
  ASSERT_TRUE(lower.has_value());
  EXPECT_EQ(*lower, 0u);
}

TEST(SafetyNet, OnlyWhilePlayingAndAfterTheFirstMoments) {
  ContextBuilder b;
  b.nominal_sizes(4).buffer(6);
  for (PlaybackState s : {PlaybackState::kStartup, PlaybackState::kStalled, PlaybackState::kPaused}) {
    b.ctx.state = s;
    EXPECT_FALSE(safety_net_abandon(slow_top_download(6), b.get()).has_value()) << to_string(s);
  }
  b.ctx.state = PlaybackState::kPlaying;
  DownloadProgress early = slow_top_download(6);
  early.elapsed_s = kSafetyNetMinElapsedS / 2;
  EXPECT_FALSE(safety_net_abandon(early, b.get()).has_value());
  DownloadProgress lowest = slow_top_download(6);
  lowest.rung = 0;
  EXPECT_FALSE(safety_net_abandon(lowest, b.get()).has_value());
}

TEST(ShouldAbandon, TheAlgorithmsAnswerComesFirst) {
  ContextBuilder b;
  b.nominal_sizes(4).buffer(6);
  AlwaysAbandonsTo to_three(3);
  auto lower = should_abandon(to_three, slow_top_download(6), b.get());
  ASSERT_TRUE(lower.has_value());
  EXPECT_EQ(*lower, 3u);
}

TEST(ShouldAbandon, AProposalThatIsNotLowerFallsThroughToTheNet) {
  ContextBuilder b;
  b.nominal_sizes(4).buffer(6);
  b.buffer(kBufferS);
  AlwaysAbandonsTo same(kTopRung);
  auto lower = should_abandon(same, slow_top_download(kBufferS), b.get());
  ASSERT_TRUE(lower.has_value());
  EXPECT_EQ(*lower, 1u);  // the safety net's
  EXPECT_FALSE(should_abandon(same, slow_top_download(kBufferS), b.get(), /*safety_net=*/false).has_value());
}

TEST(ShouldAbandon, EveryRegisteredAlgorithmStaysBelowTheRungItIsAsked) {
  ContextBuilder b;
  b.nominal_sizes(4).buffer(6);
  for (const auto& name : algorithm_names()) {
    auto algorithm = make_algorithm(name);
    ASSERT_TRUE(algorithm.ok()) << name;
    auto lower = should_abandon(**algorithm, slow_top_download(6), b.get());
    if (lower) {
      EXPECT_LT(*lower, kTopRung) << name;
    }
  }
}

}  // namespace
}  // namespace abr
