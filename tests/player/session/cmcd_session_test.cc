// CMCD from a real session in virtual time: every request carries the
// session's state as it was when the request left (object type, rung and top
// bitrate, buffer and deadline, the estimate, startup and starvation), read
// back by the origin's own parser.
#include <gtest/gtest.h>

#include "origin/cmcd.h"
#include "origin/path_resolver.h"
#include "virtual_player.h"

namespace player {
namespace {

using testing::PresentationSpec;
using testing::VirtualPlayer;

constexpr const char* kSessionId = "cmcd-test";
constexpr int64_t kTopKbps = 4300;  // the default ladder's top rung
constexpr int64_t kSegmentMs = 4000;

struct Seen {
  std::string url;  // without the query
  origin::CmcdData cmcd;
  bool in_query = false, in_headers = false;
};

// Runs `p` recording what each request said.
std::vector<Seen> run_recording(VirtualPlayer& p) {
  auto seen = std::make_shared<std::vector<Seen>>();
  p.script = [seen](const FetchRequest& r, int) -> std::optional<VirtualResponse> {
    Seen s;
    const size_t q = r.url.find("?CMCD=");
    s.url = r.url.substr(0, q);
    std::string query, h[4];
    if (q != std::string::npos) {
      s.in_query = true;
      query = origin::percent_decode(r.url.substr(q + 6)).value();
    }
    const char* names[] = {"CMCD-Object", "CMCD-Request", "CMCD-Session", "CMCD-Status"};
    for (const auto& [name, value] : r.headers)
      for (int i = 0; i < 4; ++i)
        if (name == names[i]) {
          h[i] = value;
          s.in_headers = true;
        }
    auto data = origin::parse_request_cmcd({query, h[0], h[1], h[2], h[3]});
    EXPECT_TRUE(data.ok()) << r.url;
    if (data.ok()) s.cmcd = *data;
    seen->push_back(std::move(s));
    return std::nullopt;
  };
  auto summary = p.run();
  EXPECT_TRUE(summary.ok()) << summary.error();
  return *seen;
}

PresentationSpec with_audio() {
  PresentationSpec spec;
  spec.audio_bps = {64e3, 128e3};
  return spec;
}

void send_cmcd(VirtualPlayer& p, CmcdMode mode) {
  p.options.cmcd = mode;
  p.options.session_id = kSessionId;
}

TEST(CmcdSession, EveryRequestSaysWhatItIsAndWhereTheSessionStands) {
  VirtualPlayer p(with_audio());
  send_cmcd(p, CmcdMode::kQuery);
  const auto seen = run_recording(p);
  ASSERT_FALSE(seen.empty());
  size_t media = 0, playing = 0;
  for (const auto& s : seen) {
    const auto& c = s.cmcd;
    EXPECT_TRUE(s.in_query && !s.in_headers);
    EXPECT_EQ(c.sid, kSessionId);
    EXPECT_EQ(c.sf, "d");
    EXPECT_EQ(c.st, "v");
    ASSERT_TRUE(c.cid.has_value());
    EXPECT_EQ(c.cid->size(), 16u);
    ASSERT_TRUE(c.ot && c.br_kbps && c.bl_ms && c.tb_kbps) << s.url;
    const bool video = s.url.find("/v") != std::string::npos;
    if (s.url.ends_with("init.mp4")) {
      EXPECT_EQ(*c.ot, "i");
      EXPECT_FALSE(c.d_ms.has_value());
      continue;
    }
    ++media;
    EXPECT_EQ(*c.ot, video ? "v" : "a") << s.url;
    EXPECT_EQ(*c.d_ms, kSegmentMs);
    if (video) {
      EXPECT_EQ(*c.tb_kbps, kTopKbps);
    }
    // br is the bitrate of the representation asked for: v<rung>/ in the URL.
    const int rung = s.url[s.url.rfind('/') - 1] - '0';
    const std::vector<int64_t> kbps = video ? std::vector<int64_t>{300, 750, 1200, 1850, 2850, 4300}
                                            : std::vector<int64_t>{64, 128};
    EXPECT_EQ(*c.br_kbps, kbps[static_cast<size_t>(rung)]) << s.url;
    EXPECT_EQ(*c.bl_ms % 100, 0);
    if (c.dl_ms) {  // playing: the deadline is the buffer at rate 1
      ++playing;
      EXPECT_FALSE(c.su) << s.url;
      EXPECT_NEAR(static_cast<double>(*c.dl_ms), static_cast<double>(*c.bl_ms), 100);
      EXPECT_TRUE(c.rtp_kbps.has_value());
    }
    // The next object is named relative to this one, except after the last.
    if (s.url.ends_with("/10.m4s")) {
      EXPECT_FALSE(c.nor.has_value()) << s.url;
    } else {
      EXPECT_TRUE(c.nor && c.nor->ends_with(".m4s") && c.nor->find('/') == std::string::npos) << s.url;
    }
    EXPECT_FALSE(c.bs);  // a fast link: never starved
  }
  EXPECT_GE(media, 20u);
  EXPECT_GT(playing, 0u);
  // The first requests are startup; once a segment arrived there is an estimate.
  EXPECT_TRUE(seen.front().cmcd.su);
  EXPECT_EQ(seen.front().cmcd.bl_ms, 0);
  EXPECT_FALSE(seen.front().cmcd.mtp_kbps.has_value());
  EXPECT_TRUE(seen.back().cmcd.mtp_kbps.has_value());
}

TEST(CmcdSession, TheFirstRequestAfterAStallSaysTheBufferStarved) {
  VirtualPlayer p(with_audio());
  send_cmcd(p, CmcdMode::kQuery);
  p.options.pinned_rung = 2;
  p.trace = {{8, 5e6, 10}, {30, 0.02e6, 10}, {1000, 5e6, 10}};
  const auto seen = run_recording(p);
  ASSERT_GE(p.events("stall_start").size(), 1u);
  size_t starved = 0;
  for (const auto& s : seen) starved += s.cmcd.bs;
  // Each stream's first request after the stall says so (the stall may still
  // be running for one, just ended for the other), and no other request.
  EXPECT_GE(starved, 1u);
  EXPECT_LE(starved, 2 * p.events("stall_start").size() + 2);
  EXPECT_FALSE(seen.front().cmcd.bs);
}

TEST(CmcdSession, TheHeaderFormLeavesUrlsAlone) {
  VirtualPlayer p(with_audio());
  send_cmcd(p, CmcdMode::kHeader);
  const auto seen = run_recording(p);
  ASSERT_FALSE(seen.empty());
  for (const auto& s : seen) {
    EXPECT_TRUE(s.in_headers && !s.in_query) << s.url;
    EXPECT_EQ(s.cmcd.sid, kSessionId);
    EXPECT_TRUE(s.cmcd.ot.has_value());
  }
}

TEST(CmcdSession, OffIsTheDefaultAndSendsNothing) {
  PresentationSpec spec;
  VirtualPlayer p(spec);
  const auto seen = run_recording(p);
  ASSERT_FALSE(seen.empty());
  for (const auto& s : seen) EXPECT_TRUE(!s.in_headers && !s.in_query && s.cmcd.empty()) << s.url;
}

}  // namespace
}  // namespace player
