// The registry: every name builds the algorithm it names, "default" and
// "fixed:N" work, unknown names are errors that list the known ones, and every
// algorithm survives a short session of varied contexts.
#include <gtest/gtest.h>

#include <random>

#include "context_builder.h"
#include "player/abr/registry.h"

namespace abr {
namespace {

using testing::ContextBuilder;
using testing::download;

TEST(Registry, EveryNameBuildsItsAlgorithm) {
  for (const auto& info : algorithms()) {
    auto algo = make_algorithm(info.name);
    ASSERT_TRUE(algo.ok()) << info.name;
    EXPECT_EQ((*algo)->name(), info.name);
    EXPECT_FALSE(info.summary.empty());
  }
}

TEST(Registry, DefaultIsSmpc) {
  auto algo = make_algorithm("default");
  ASSERT_TRUE(algo.ok());
  EXPECT_EQ((*algo)->name(), default_algorithm_name());
  EXPECT_EQ(default_algorithm_name(), "smpc");
  const auto names = algorithm_names();
  EXPECT_EQ(names.back(), "default");
}

TEST(Registry, FixedTakesARung) {
  auto algo = make_algorithm("fixed:3");
  ASSERT_TRUE(algo.ok());
  ContextBuilder b;
  EXPECT_EQ((*algo)->choose(b.get()).rung, 3u);
  auto high = make_algorithm("fixed:99");
  ASSERT_TRUE(high.ok());
  EXPECT_EQ((*high)->choose(b.get()).rung, 5u);  // clamped to the ladder
  EXPECT_FALSE(make_algorithm("fixed:x").ok());
}

TEST(Registry, UnknownNameListsTheKnownOnes) {
  auto algo = make_algorithm("pensieve");
  ASSERT_FALSE(algo.ok());
  EXPECT_NE(algo.error().message.find("pensieve"), std::string::npos);
  EXPECT_NE(algo.error().message.find("robustmpc"), std::string::npos);
}

TEST(Registry, EveryAlgorithmStaysOnTheLadderThroughAVariedSession) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> rate(0.05e6, 30e6), seconds(0.1, 10), buffer(0, 60);
  for (const auto& info : algorithms()) {
    auto algo = make_algorithm(info.name);
    ASSERT_TRUE(algo.ok());
    ContextBuilder b;
    b.nominal_sizes(6);
    b.ctx.state = PlaybackState::kStartup;
    size_t last = 0;
    for (int i = 0; i < 60; ++i) {
      const Decision d = (*algo)->choose(b.buffer(i == 0 ? 0 : buffer(rng)).last(last).get());
      ASSERT_LT(d.rung, b.ladder.size()) << info.name;
      ASSERT_GE(d.wait_s, 0) << info.name;
      DownloadProgress p{d.rung, 1e6, 2e5, 1.0, 0.1, b.ctx.buffer_s};
      if (auto to = (*algo)->should_abandon(p, b.ctx)) {
        ASSERT_LT(*to, d.rung) << info.name;
      }
      (*algo)->observe(download(d.rung, rate(rng), seconds(rng), buffer(rng)));
      last = d.rung;
      b.ctx.state = PlaybackState::kPlaying;
      b.ctx.segments_remaining = 60 - static_cast<size_t>(i);
    }
  }
}

}  // namespace
}  // namespace abr
