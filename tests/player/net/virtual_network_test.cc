#include "player/net/virtual_network.h"

#include <gtest/gtest.h>

namespace player {
namespace {

constexpr double kRateBps = 8e6;  // 1 MB/s
constexpr double kLinkLatencyMs = 50;

struct Fixture {
  media::ManualClock clock;
  EventLoop loop{clock};
  std::vector<media::TracePeriod> trace = {{1000, kRateBps, kLinkLatencyMs}};
  std::unordered_map<std::string, uint64_t> sizes = {{"http://x/a", 1000000}, {"http://x/b", 1000000}};
  SizeTableContent content{sizes};
  VirtualNetwork net{loop, trace, content, VirtualNetworkOptions{1, 0.1}};
};

FetchRequest get(const std::string& url) {
  FetchRequest r;
  r.url = url;
  return r;
}

TEST(VirtualNetwork, ARequestTakesOneLatencyThenItsBytesAtTheLinkRate) {
  Fixture f;
  auto ch = f.net.make_channel();
  std::optional<media::Result<FetchResult>> result;
  ch->start(get("http://x/a"), {{}, [&](media::Result<FetchResult> r) { result = std::move(r); }, {}});
  f.loop.run();
  ASSERT_TRUE(result && result->ok());
  EXPECT_NEAR((*result)->ttfb_ms, kLinkLatencyMs, 1e-6);
  EXPECT_NEAR((*result)->transfer_ms, 1000, 1e-6);
  EXPECT_EQ((*result)->size_bytes, 1000000u);
  EXPECT_TRUE((*result)->body.empty());  // sizes only
}

TEST(VirtualNetwork, TwoChannelsShareTheLink) {
  Fixture f;
  auto a = f.net.make_channel(), b = f.net.make_channel();
  double a_done = 0, b_done = 0;
  a->start(get("http://x/a"), {{}, [&](auto) { a_done = f.clock.now_s(); }, {}});
  b->start(get("http://x/b"), {{}, [&](auto) { b_done = f.clock.now_s(); }, {}});
  f.loop.run();
  EXPECT_NEAR(a_done, 0.05 + 2.0, 1e-6);  // 2 MB at 1 MB/s in all
  EXPECT_NEAR(b_done, 0.05 + 2.0, 1e-6);
}

TEST(VirtualNetwork, AMissingUrlIsA404AfterTheLatency) {
  Fixture f;
  auto ch = f.net.make_channel();
  std::optional<media::Result<FetchResult>> result;
  ch->start(get("http://x/missing"), {{}, [&](media::Result<FetchResult> r) { result = std::move(r); }, {}});
  f.loop.run();
  ASSERT_TRUE(result && !result->ok());
  EXPECT_EQ(result->error().code, media::ErrorCode::kNotFound);
  EXPECT_NEAR(f.clock.now_s(), kLinkLatencyMs / 1000, 1e-9);
}

TEST(VirtualNetwork, ProgressComesAtTheIntervalAndGrows) {
  Fixture f;
  auto ch = f.net.make_channel();
  std::vector<uint64_t> received;
  TransferHandlers h;
  h.on_progress = [&](uint64_t bytes, std::optional<uint64_t> total, double, double ttfb_s) {
    received.push_back(bytes);
    EXPECT_EQ(total, 1000000u);
    EXPECT_NEAR(ttfb_s, kLinkLatencyMs / 1000, 1e-9);
  };
  h.on_done = [](auto) {};
  ch->start(get("http://x/a"), std::move(h));
  f.loop.run();
  ASSERT_GE(received.size(), 9u);  // every 0.1 s of a 1 s transfer
  for (size_t i = 1; i < received.size(); ++i) EXPECT_GT(received[i], received[i - 1]);
  EXPECT_NEAR(static_cast<double>(received[0]), 100000, 1);
}

TEST(VirtualNetwork, NoHandlerRunsAfterCancel) {
  Fixture f;
  auto ch = f.net.make_channel();
  bool called = false;
  TransferHandlers h;
  h.on_progress = [&](auto...) { called = true; };
  h.on_done = [&](auto) { called = true; };
  ch->start(get("http://x/a"), std::move(h));
  f.loop.at(0.01, [&] { ch->cancel(); });
  f.loop.run();
  EXPECT_FALSE(called);
}

TEST(VirtualNetwork, ARequestWithNoAnswerTimesOut) {
  struct Silent : ContentSource {
    VirtualResponse respond(const FetchRequest&) override {
      VirtualResponse r;
      r.never_answers = true;
      return r;
    }
  } silent;
  media::ManualClock clock;
  EventLoop loop(clock);
  std::vector<media::TracePeriod> trace = {{1000, kRateBps, kLinkLatencyMs}};
  VirtualNetwork net(loop, trace, silent);
  auto ch = net.make_channel();
  std::optional<media::Result<FetchResult>> result;
  FetchRequest req = get("http://x/a");
  req.timeout_ms = 3000;
  ch->start(req, {{}, [&](media::Result<FetchResult> r) { result = std::move(r); }, {}});
  loop.run();
  ASSERT_TRUE(result && !result->ok());
  EXPECT_EQ(result->error().code, media::ErrorCode::kTimeout);
  EXPECT_DOUBLE_EQ(clock.now_s(), 3.0);
}

}  // namespace
}  // namespace player
