// The streaming session in virtual time: the real player::Session, its
// loaders and the ABR code, on a trace-driven network with scripted faults.
// Every behaviour that once needed real time (retries, failover, skipping,
// abandonment, stalls, pause, seek) runs here in milliseconds.
#include "player/session/session.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "player/abr/registry.h"
#include "virtual_player.h"

namespace player {
namespace {

using testing::PresentationSpec;
using testing::VirtualPlayer;

constexpr size_t kSegments = 10;
constexpr double kSegmentS = 4;
constexpr double kDurationS = kSegments * kSegmentS;

bool is_video_segment(const std::string& url, int number) {
  return url.find("/v") != std::string::npos && url.ends_with("/" + std::to_string(number) + ".m4s");
}

VirtualResponse status(int code) {
  VirtualResponse r;
  r.status = code;
  return r;
}

// Wraps an algorithm and records what it was shown.
class Spy : public abr::AbrAlgorithm {
 public:
  explicit Spy(std::unique_ptr<abr::AbrAlgorithm> inner, std::vector<abr::PlaybackState>* states)
      : inner_(std::move(inner)), states_(states) {}
  std::string_view name() const override { return inner_->name(); }
  void observe(const abr::SegmentResult& r) override { inner_->observe(r); }
  abr::Decision choose(const abr::AbrContext& ctx) override {
    states_->push_back(ctx.state);
    return inner_->choose(ctx);
  }
  double estimate_bps() const override { return inner_->estimate_bps(); }

 private:
  std::unique_ptr<abr::AbrAlgorithm> inner_;
  std::vector<abr::PlaybackState>* states_;
};

// Lowest rung; asks to wait kWaitS before each request once the buffer passes kAboveS.
class Waiter : public abr::AbrAlgorithm {
 public:
  static constexpr double kWaitS = 3;
  static constexpr double kAboveS = 10;
  std::string_view name() const override { return "waiter"; }
  void observe(const abr::SegmentResult&) override {}
  abr::Decision choose(const abr::AbrContext& ctx) override {
    abr::Decision d;
    d.wait_s = ctx.buffer_s > kAboveS ? kWaitS : 0;
    return d;
  }
};

TEST(Session, EveryAlgorithmPlaysToTheEnd) {
  for (const auto& name : abr::algorithm_names()) {
    VirtualPlayer p;
    p.options.abr = name;
    auto summary = p.run();
    ASSERT_TRUE(summary.ok()) << name << ": " << summary.error();
    EXPECT_EQ(summary->video_segments, kSegments) << name;
    EXPECT_EQ(summary->skipped_segments, 0u) << name;
    EXPECT_DOUBLE_EQ(summary->played_s, kDurationS) << name;
    EXPECT_EQ(summary->abr, name == "default" ? std::string(abr::default_algorithm_name()) : name);
  }
}

// Channels of one network that several sessions share (the session owns the wrapper only).
class BorrowedNetwork final : public TransportFactory {
 public:
  explicit BorrowedNetwork(TransportFactory& network) : network_(network) {}
  std::unique_ptr<Transport> make_channel() override { return network_.make_channel(); }

 private:
  TransportFactory& network_;
};

// Two sessions on one loop and one link (dash-abr-bench --players): each
// plays to the end and says so once; misuse of begin() is an error.
TEST(Session, SessionsOnASharedLoopEachEndOnce) {
  const auto content = testing::make_content(PresentationSpec{});
  media::ManualClock clock;
  EventLoop loop(clock);
  SizeTableContent sizes(content.sizes);
  const std::vector<media::TracePeriod> trace = {{1000, 3e6, 20}};
  VirtualNetwork network(loop, trace, sizes);
  auto make = [&] {
    SessionEnvironment env;
    env.clock = &clock;
    env.loop = &loop;
    env.presentation = content.presentation;
    env.seed = 1;
    env.network = [&](EventLoop&) { return std::make_unique<BorrowedNetwork>(network); };
    SessionOptions o;
    o.decode = false;
    o.abr = "bb";
    return std::make_unique<Session>(o, nullptr, std::move(env));
  };
  auto a = make(), b = make();
  int ends_a = 0, ends_b = 0;
  ASSERT_TRUE(a->begin([&] { ++ends_a; }).ok());
  loop.at(3, [&] { ASSERT_TRUE(b->begin([&] { ++ends_b; }).ok()); });
  EXPECT_FALSE(a->begin([] {}).ok());  // once only
  EXPECT_TRUE(loop.run() == false);    // both ended; nothing left to run
  EXPECT_EQ(ends_a, 1);
  EXPECT_EQ(ends_b, 1);
  for (auto* s : {a.get(), b.get()}) {
    auto summary = s->finish();
    ASSERT_TRUE(summary.ok()) << summary.error();
    EXPECT_EQ(summary->video_segments, kSegments);
  }
  EXPECT_GT(network.link().delivered_bytes(), 0);
  EXPECT_FALSE(make()->begin({}).ok());  // a shared loop needs an end callback
  EXPECT_FALSE(make()->run().ok());      // and is not run by a session
  Session own(SessionOptions{}, nullptr, {});
  EXPECT_FALSE(own.begin([] {}).ok());   // its own loop ends by itself
}

TEST(Session, AnExternalAlgorithmPlaysAsTheBuiltInOne) {
  auto rungs = [](const std::string& abr) {
    VirtualPlayer p;
    p.options.abr = abr;
    p.trace = {{6, 4e6, 30}, {5, 0.8e6, 60}, {1000, 3e6, 30}};
    auto summary = p.run();
    EXPECT_TRUE(summary.ok()) << abr << ": " << summary.error();
    std::vector<size_t> out;
    for (const auto& r : p.segments()) out.push_back(r.rung);
    return out;
  };
  const std::string example = std::string(DS_SOURCE_DIR) + "/player/abr_exec/examples/bb.py";
  EXPECT_EQ(rungs("exec:python3 " + example), rungs("bb"));
}

TEST(Session, AnExternalAlgorithmThatDiesEndsTheSessionWithOneError) {
  VirtualPlayer p;
  p.options.abr = "exec:sh -c 'exit 3'";
  auto summary = p.run();
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.error().message.find("ABR"), std::string::npos) << summary.error();
}

TEST(Session, AFastLinkStartsQuicklyNeverStallsAndClimbs) {
  VirtualPlayer p;
  p.trace = {{1000, 50e6, 10}};
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  EXPECT_EQ(summary->stalls, 0);
  ASSERT_TRUE(summary->startup_s.has_value());
  EXPECT_LT(*summary->startup_s, 0.5);
  EXPECT_EQ(p.segments().back().rung, p.content.presentation->stream(StreamKind::kVideo)->representations.size() - 1);
  // A session of 40 s of media took 40 s of virtual time, not of real time.
  EXPECT_NEAR(summary->wall_s, kDurationS + *summary->startup_s, 0.5);
}

TEST(Session, TheBufferNeverPassesItsCap) {
  VirtualPlayer p;
  p.trace = {{1000, 50e6, 10}};
  ASSERT_TRUE(p.run().ok());
  for (const auto& r : p.segments()) EXPECT_LE(r.buffer_after_s, p.options.max_buffer_s + 1e-6) << r.index;
}

TEST(Session, SwitchesDownWithinTwoSegmentsOfARateStepWithoutStalling) {
  VirtualPlayer p;
  p.options.max_buffer_s = 8;
  constexpr double kStepS = 12;
  p.trace = {{kStepS, 20e6, 10}, {1000, 1.5e6, 10}};  // the top two rungs no longer fit
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  const auto segs = p.segments();
  size_t first_after = segs.size();
  for (size_t i = 0; i < segs.size(); ++i)
    if (segs[i].request_s >= kStepS) {
      first_after = i;
      break;
    }
  ASSERT_GT(first_after, 0u);
  EXPECT_GE(segs[first_after - 1].rung, 4u) << "never climbed on the fast link";
  ASSERT_LT(first_after + 2, segs.size());
  for (size_t i = first_after + 2; i < segs.size(); ++i) EXPECT_LT(segs[i].rung, 4u) << "segment " << i;
  EXPECT_EQ(summary->stalls, 0);
}

TEST(Session, RetriesWithBackoffThenDelivers) {
  VirtualPlayer p;
  p.script = [](const FetchRequest& req, int before) -> std::optional<VirtualResponse> {
    if (is_video_segment(req.url, 3) && before < 2) return status(503);
    return std::nullopt;
  };
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  const auto retries = p.events("retry");
  ASSERT_EQ(retries.size(), 2u);
  // Full jitter over an exponential ceiling: [0.5, 1] × 100 ms, then × 200 ms.
  const double first = retries[0]["delay_ms"], second = retries[1]["delay_ms"];
  EXPECT_GE(first, 50);
  EXPECT_LE(first, 100);
  EXPECT_GE(second, 100);
  EXPECT_LE(second, 200);
  EXPECT_EQ(summary->skipped_segments, 0u);
  EXPECT_EQ(summary->retries, 2u);
  // The segment arrived after both waits.
  const SegmentRecord seg = p.segments()[2];
  EXPECT_FALSE(seg.skipped);
  EXPECT_GE(seg.wall_s - seg.request_s, (first + second) / 1000);
}

TEST(Session, FailsOverToTheSecondBaseUrlWithoutWaiting) {
  PresentationSpec spec;
  spec.base_urls = {"http://a.test/p/", "http://b.test/p/"};
  VirtualPlayer p(spec);
  p.script = [](const FetchRequest& req, int) -> std::optional<VirtualResponse> {
    if (req.url.starts_with("http://a.test/")) return status(503);
    return std::nullopt;
  };
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  EXPECT_EQ(summary->skipped_segments, 0u);
  EXPECT_EQ(summary->video_segments, kSegments);
  const auto failovers = p.events("failover");
  ASSERT_GE(failovers.size(), 1u);
  EXPECT_EQ(failovers.front()["delay_ms"], 0.0);
  EXPECT_TRUE(failovers.front()["next_url"].get<std::string>().starts_with("http://b.test/"));
  // Once a.test failed it cools down: later requests go to b.test.
  const auto& requests = p.scripted->requests;
  const auto first_b = std::find_if(requests.begin(), requests.end(),
                                    [](const std::string& u) { return u.starts_with("http://b.test/"); });
  ASSERT_NE(first_b, requests.end());
  const auto a_after = std::count_if(first_b, requests.end(),
                                     [](const std::string& u) { return u.starts_with("http://a.test/"); });
  EXPECT_LE(a_after, 2);  // only after the 10 s cooldown, if at all
}

TEST(Session, SkipsASegmentStillMissingAfterItsRetries) {
  VirtualPlayer p;
  p.script = [](const FetchRequest& req, int) -> std::optional<VirtualResponse> {
    if (is_video_segment(req.url, 4)) return status(404);
    return std::nullopt;
  };
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  EXPECT_EQ(summary->skipped_segments, 1u);
  const auto skips = p.events("skip");
  ASSERT_EQ(skips.size(), 1u);
  EXPECT_EQ(skips[0]["index"], 3);
  // It kept trying for the whole retry budget (10 s), then moved on and played to the end.
  const SegmentRecord seg = p.segments()[3];
  EXPECT_TRUE(seg.skipped);
  EXPECT_GE(seg.wall_s - seg.request_s, RetryPolicy{}.max_total_ms / 1000);
  EXPECT_DOUBLE_EQ(summary->played_s, kDurationS);
}

TEST(Session, AbandonsADownloadThatWouldStallAndRefetchesLower) {
  VirtualPlayer p;
  p.options.abr = "bb";  // no abandonment of its own: the safety net acts
  p.trace = {{10, 20e6, 10}, {1000, 0.4e6, 10}};
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  const auto abandons = p.events("abandon");
  ASSERT_GE(abandons.size(), 1u);
  const size_t index = abandons[0]["index"];
  const size_t from = abandons[0]["from_rung"], to = abandons[0]["to_rung"];
  EXPECT_LT(to, from);
  const SegmentRecord seg = p.segments()[index];
  EXPECT_EQ(seg.rung, to);
  EXPECT_GE(seg.abandoned, 1u);
  EXPECT_GT(seg.abandoned_bytes, 0);
  EXPECT_EQ(summary->abandoned, abandons.size());
}

TEST(Session, StallsWhenTheLinkDiesAndResumesAtTheRebufferTarget) {
  VirtualPlayer p;
  p.options.pinned_rung = 2;  // no adaptation, no abandonment
  p.trace = {{8, 5e6, 10}, {30, 0.02e6, 10}, {1000, 5e6, 10}};
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  ASSERT_GE(summary->stalls, 1);
  EXPECT_GT(summary->stall_s, 1);
  const auto starts = p.events("stall_start"), ends = p.events("stall_end");
  ASSERT_EQ(starts.size(), ends.size());
  const double stall_end_s = ends[0]["t"];
  // Playback resumed with the segment that brought the buffer to the rebuffer target.
  bool resumed_by_an_append = false;
  for (const auto& r : p.segments())
    if (std::abs(r.wall_s - stall_end_s) < 1e-6) resumed_by_an_append = r.buffer_after_s >= p.options.rebuffer_target_s;
  EXPECT_TRUE(resumed_by_an_append);
  EXPECT_DOUBLE_EQ(summary->played_s, kDurationS);
}

TEST(Session, PauseIsNotAStallAndTheAlgorithmSeesIt) {
  VirtualPlayer p;
  std::vector<abr::PlaybackState> states;
  p.algorithm = std::make_unique<Spy>(abr::make_algorithm("bb").value(), &states);
  p.actions.push_back({1.0, [](Session& s) { s.toggle_pause(); }});
  p.actions.push_back({60.0, [](Session& s) { s.toggle_pause(); }});
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  EXPECT_EQ(summary->stalls, 0);
  EXPECT_EQ(p.events("pause").size(), 1u);
  EXPECT_EQ(p.events("resume").size(), 1u);
  EXPECT_NE(std::find(states.begin(), states.end(), abr::PlaybackState::kPaused), states.end());
  EXPECT_EQ(std::find(states.begin(), states.end(), abr::PlaybackState::kStalled), states.end());
  // The pause lasted 59 s of session time; playback still covered all of the media.
  EXPECT_DOUBLE_EQ(summary->played_s, kDurationS);
  EXPECT_GT(summary->wall_s, kDurationS + 59);
}

TEST(Session, ASeekDuringADownloadRestartsAtTheTarget) {
  VirtualPlayer p;
  p.options.pinned_rung = 5;  // 4.3 Mbit/s × 4 s at 1 Mbit/s: the first segment takes ~8.6 s
  p.trace = {{10, 1e6, 10}, {1000, 50e6, 10}};
  p.actions.push_back({3.0, [](Session& s) { s.seek_to(25); }});
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  const auto seeks = p.events("seek");
  ASSERT_EQ(seeks.size(), 1u);
  EXPECT_DOUBLE_EQ(seeks[0]["position_s"].get<double>(), 24);  // the segment boundary at or before 25 s
  // The first segment was abandoned mid-download; the next request is segment 7 (24 s, startNumber 1).
  const auto& requests = p.scripted->requests;
  const auto after = std::find_if(requests.begin(), requests.end(),
                                  [](const std::string& u) { return !is_video_segment(u, 1) && u.ends_with(".m4s"); });
  ASSERT_NE(after, requests.end());
  EXPECT_TRUE(is_video_segment(*after, 7)) << *after;
  for (const auto& r : p.segments()) EXPECT_GE(r.index, 6u) << "a segment from before the seek was buffered";
  EXPECT_EQ(summary->stalls, 0);  // waiting after a seek is not a stall
}

TEST(Session, StartBeginsAtTheSegmentBoundaryBeforeIt) {
  VirtualPlayer p;
  p.options.start_s = 25;
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  const auto video = p.segments();
  ASSERT_FALSE(video.empty());
  EXPECT_EQ(video.front().index, 6u);  // [24, 28) s
  EXPECT_EQ(video.size(), kSegments - 6);
  for (const auto& r : p.segments("audio")) EXPECT_GE(r.index, 6u);
  EXPECT_EQ(summary->stalls, 0);
  EXPECT_DOUBLE_EQ(summary->played_s, kDurationS);
}

TEST(Session, AStartOutsideThePresentationIsAnError) {
  for (double start_s : {kDurationS, -1.0}) {
    VirtualPlayer p;
    p.options.start_s = start_s;
    auto summary = p.run();
    ASSERT_FALSE(summary.ok()) << start_s;
    EXPECT_NE(summary.error().message.find("--start"), std::string::npos) << summary.error();
  }
}

TEST(Session, TheAlgorithmsWaitIsHonouredWithoutStalling) {
  VirtualPlayer p;
  p.algorithm = std::make_unique<Waiter>();
  p.trace = {{1000, 50e6, 10}};
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  size_t waited = 0;
  for (const auto& r : p.segments())
    if (r.wait_s >= Waiter::kWaitS - 1e-9) ++waited;
  EXPECT_GE(waited, 1u);
  EXPECT_EQ(summary->stalls, 0);
}

TEST(Session, AudioFollowsTheVideoEstimate) {
  PresentationSpec spec;
  spec.audio_bps = {64e3, 128e3, 192e3};
  for (auto [rate_bps, expected_rung] : {std::pair{20e6, 2u}, std::pair{0.6e6, 0u}}) {
    VirtualPlayer p(spec);
    p.trace = {{1000, rate_bps, 10}};
    auto summary = p.run();
    ASSERT_TRUE(summary.ok()) << summary.error();
    EXPECT_EQ(summary->audio_segments, kSegments);
    EXPECT_EQ(p.segments("audio").back().rung, expected_rung) << rate_bps;
  }
}

TEST(Session, TheSameSeedPlaysTheSameSession) {
  auto once = [] {
    VirtualPlayer p;
    p.trace = {{3, 3e6, 30}, {2, 0.5e6, 80}, {5, 8e6, 10}};
    p.script = [](const FetchRequest& req, int before) -> std::optional<VirtualResponse> {
      if (is_video_segment(req.url, 5) && before == 0) return status(500);
      return std::nullopt;
    };
    EXPECT_TRUE(p.run().ok());
    std::vector<std::pair<size_t, double>> out;
    for (const auto& r : p.segments()) out.emplace_back(r.rung, r.wall_s);
    return out;
  };
  EXPECT_EQ(once(), once());
}

TEST(Session, StopEndsTheSessionAtOnce) {
  VirtualPlayer p;
  p.actions.push_back({5.0, [](Session& s) { s.stop(); }});
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  EXPECT_LE(summary->wall_s, 5.0 + 1e-9);
  EXPECT_LT(summary->played_s, kDurationS);
}

TEST(Session, AConnectionDroppedMidBodyIsRetried) {
  VirtualPlayer p;
  p.script = [](const FetchRequest& req, int before) -> std::optional<VirtualResponse> {
    if (!is_video_segment(req.url, 2) || before > 0) return std::nullopt;
    VirtualResponse r;
    r.size_bytes = 100000;
    r.drop_after_bytes = 1000;
    return r;
  };
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  EXPECT_EQ(summary->retries, 1u);
  EXPECT_EQ(summary->skipped_segments, 0u);
}

TEST(Session, ARequestWithNoAnswerTimesOut) {
  VirtualPlayer p;
  p.options.loader.request_timeout_ms = 2000;
  p.script = [asked = 0](const FetchRequest& req, int) mutable -> std::optional<VirtualResponse> {
    if (!is_video_segment(req.url, 2) || asked++ > 0) return std::nullopt;  // the first request, at whatever rung
    VirtualResponse r;
    r.never_answers = true;
    return r;
  };
  auto summary = p.run();
  ASSERT_TRUE(summary.ok()) << summary.error();
  const auto retries = p.events("retry");
  ASSERT_EQ(retries.size(), 1u);
  EXPECT_NE(retries[0]["error"].get<std::string>().find("timeout"), std::string::npos);
}

}  // namespace
}  // namespace player
