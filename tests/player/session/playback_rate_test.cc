// The playback rate in virtual time: --rate and set_rate() change how fast
// the presentation plays (and so the session's length), the buffer drains at
// that rate, CMCD carries pr and a deadline at that rate, and a live
// presentation keeps its own catch-up rate.
#include <gtest/gtest.h>

#include "origin/cmcd.h"
#include "origin/path_resolver.h"
#include "virtual_player.h"

namespace player {
namespace {

using testing::PresentationSpec;
using testing::VirtualPlayer;

constexpr double kMediaS = 40;  // the default spec: 10 segments of 4 s

TEST(PlaybackRate, DoubleSpeedPlaysThePresentationInHalfTheTime) {
  VirtualPlayer normal, fast, slow;
  fast.options.rate = 2;
  slow.options.rate = 0.5;
  auto n = normal.run(), f = fast.run(), s = slow.run();
  ASSERT_TRUE(n.ok() && f.ok() && s.ok());
  for (const auto* summary : {&*n, &*f, &*s}) {
    EXPECT_NEAR(summary->played_s, kMediaS, 0.01);
    EXPECT_EQ(summary->stalls, 0);
  }
  const double startup = n->startup_s.value_or(0);
  EXPECT_NEAR(n->wall_s - startup, kMediaS, 0.5);
  EXPECT_NEAR(f->wall_s - f->startup_s.value_or(0), kMediaS / 2, 0.5);
  EXPECT_NEAR(s->wall_s - s->startup_s.value_or(0), kMediaS * 2, 0.5);
  ASSERT_EQ(fast.events("rate").size(), 1u);
  EXPECT_EQ(fast.events("rate").front()["rate"], 2.0);
}

TEST(PlaybackRate, AChangeMidwayTakesEffectFromThenOnAndIsClamped) {
  VirtualPlayer p;
  p.actions.push_back({10.0, [](Session& s) { s.set_rate(8); }});  // clamped to 2
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  const auto rates = p.events("rate");
  ASSERT_EQ(rates.size(), 1u);
  EXPECT_EQ(rates.front()["rate"], 2.0);
  // 10 s at 1x (minus start-up), the rest at 2x.
  const double at_1x_s = 10 - summary->startup_s.value_or(0);
  EXPECT_NEAR(summary->wall_s, 10 + (kMediaS - at_1x_s) / 2, 0.5);
  EXPECT_NEAR(summary->played_s, kMediaS, 0.01);
}

TEST(PlaybackRate, CmcdSaysTheRateAndADeadlineAtThatRate) {
  VirtualPlayer p;
  p.options.rate = 1.5;
  p.options.cmcd = CmcdMode::kQuery;
  std::vector<origin::CmcdData> seen;
  p.script = [&seen](const FetchRequest& r, int) -> std::optional<VirtualResponse> {
    const size_t q = r.url.find("?CMCD=");
    if (q != std::string::npos) {
      auto data = origin::parse_request_cmcd({origin::percent_decode(r.url.substr(q + 6)).value(), "", "", "", ""});
      EXPECT_TRUE(data.ok()) << r.url;
      if (data.ok()) seen.push_back(*data);
    }
    return std::nullopt;
  };
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  ASSERT_FALSE(seen.empty());
  size_t with_deadline = 0;
  for (const auto& c : seen) {
    ASSERT_TRUE(c.pr.has_value());
    EXPECT_DOUBLE_EQ(*c.pr, 1.5);
    if (c.dl_ms && c.bl_ms && *c.bl_ms > 1000) {
      ++with_deadline;
      EXPECT_NEAR(static_cast<double>(*c.dl_ms), static_cast<double>(*c.bl_ms) / 1.5, 100);  // both rounded to 100 ms
    }
  }
  EXPECT_GT(with_deadline, 0u);
}

}  // namespace
}  // namespace player
