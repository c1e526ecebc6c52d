// The player's CMCD, read back by the origin's own parser (origin/cmcd.cc):
// the payload is valid CTA-5004, keys go to the right header, the query
// parameter is percent-encoded, values are rounded as the standard asks.
#include "player/net/cmcd.h"

#include <gtest/gtest.h>

#include "origin/cmcd.h"
#include "origin/path_resolver.h"

namespace player {
namespace {

CmcdRequest sample() {
  CmcdRequest c;
  c.br_kbps = 3200;
  c.tb_kbps = 6000;
  c.d_ms = 4000;
  c.bl_ms = 21340;    // → 21300
  c.dl_ms = 21360;    // → 21400
  c.mtp_kbps = 48149; // → 48100
  c.rtp_kbps = 1234;  // → 1200
  c.bs = true;
  c.su = true;
  c.ot = "v";
  c.sid = "6e2f\"x";
  c.cid = "abc";
  c.nor = "2.m4s";
  return c;
}

origin::CmcdData parsed(const FetchRequest& r) {
  std::string query;
  if (auto at = r.url.find("CMCD="); at != std::string::npos) {
    auto decoded = origin::percent_decode(r.url.substr(at + 5));
    EXPECT_TRUE(decoded.ok());
    query = decoded.ok() ? *decoded : "";
  }
  std::string object, request, session, status;
  for (const auto& [name, value] : r.headers) {
    if (name == "CMCD-Object") object = value;
    if (name == "CMCD-Request") request = value;
    if (name == "CMCD-Session") session = value;
    if (name == "CMCD-Status") status = value;
  }
  auto data = origin::parse_request_cmcd({query, object, request, session, status});
  EXPECT_TRUE(data.ok()) << data.error();
  return data.ok() ? *data : origin::CmcdData{};
}

origin::CmcdData expected() {
  origin::CmcdData e;
  e.br_kbps = 3200;
  e.tb_kbps = 6000;
  e.d_ms = 4000;
  e.bl_ms = 21300;
  e.dl_ms = 21400;
  e.mtp_kbps = 48100;
  e.rtp_kbps = 1200;
  e.bs = true;
  e.su = true;
  e.ot = "v";
  e.sf = "d";
  e.st = "v";
  e.sid = "6e2f\"x";
  e.cid = "abc";
  e.nor = "2.m4s";
  return e;
}

TEST(Cmcd, ThePayloadIsSortedQuotedAndRounded) {
  EXPECT_EQ(cmcd_payload(sample()),
            "bl=21300,br=3200,bs,cid=\"abc\",d=4000,dl=21400,mtp=48100,nor=\"2.m4s\",ot=v,rtp=1200,sf=d,"
            "sid=\"6e2f\\\"x\",st=v,su,tb=6000");
  CmcdRequest few;
  few.sf.clear();
  few.st.clear();
  EXPECT_EQ(cmcd_payload(few), "");
}

TEST(Cmcd, PlaybackRateIsSentOnlyWhenItIsNotOne) {
  CmcdRequest r;
  r.pr = 1.5;
  EXPECT_EQ(cmcd_payload(r), "pr=1.5,sf=d,st=v");
  r.pr = 0.75;
  EXPECT_EQ(cmcd_payload(r), "pr=0.75,sf=d,st=v");
  r.pr = 2;
  EXPECT_EQ(cmcd_payload(r), "pr=2,sf=d,st=v");
  r.pr = 1;
  EXPECT_EQ(cmcd_payload(r), "sf=d,st=v");
}

TEST(Cmcd, TheQueryFormReadsBackWhole) {
  FetchRequest r;
  r.url = "http://a.test/p/v1/1.m4s";
  apply_cmcd(CmcdMode::kQuery, sample(), r);
  EXPECT_TRUE(r.url.starts_with("http://a.test/p/v1/1.m4s?CMCD=bl%3D21300%2Cbr")) << r.url;
  EXPECT_TRUE(r.headers.empty());
  EXPECT_EQ(parsed(r), expected());
  // A URL that has a query already gets another parameter.
  FetchRequest q;
  q.url = "http://a.test/p/1.m4s?token=t";
  apply_cmcd(CmcdMode::kQuery, sample(), q);
  EXPECT_NE(q.url.find("?token=t&CMCD="), std::string::npos) << q.url;
}

TEST(Cmcd, TheHeaderFormSplitsKeysByTheirHeader) {
  FetchRequest r;
  r.url = "http://a.test/p/v1/1.m4s";
  apply_cmcd(CmcdMode::kHeader, sample(), r);
  EXPECT_EQ(r.url, "http://a.test/p/v1/1.m4s");
  ASSERT_EQ(r.headers.size(), 4u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"CMCD-Object", "br=3200,d=4000,ot=v,tb=6000"}));
  EXPECT_EQ(r.headers[1],
            (std::pair<std::string, std::string>{"CMCD-Request", "bl=21300,dl=21400,mtp=48100,nor=\"2.m4s\",su"}));
  EXPECT_EQ(r.headers[2], (std::pair<std::string, std::string>{"CMCD-Session", "cid=\"abc\",sf=d,sid=\"6e2f\\\"x\",st=v"}));
  EXPECT_EQ(r.headers[3], (std::pair<std::string, std::string>{"CMCD-Status", "bs,rtp=1200"}));
  EXPECT_EQ(parsed(r), expected());
}

TEST(Cmcd, OffAndLocalFilesSendNothing) {
  FetchRequest r;
  r.url = "http://a.test/p/1.m4s";
  apply_cmcd(CmcdMode::kOff, sample(), r);
  EXPECT_EQ(r.url, "http://a.test/p/1.m4s");
  EXPECT_TRUE(r.headers.empty());
  // A local file: the query would become part of its name.
  FetchRequest file;
  file.url = "/tmp/p/1.m4s";
  apply_cmcd(CmcdMode::kQuery, sample(), file);
  apply_cmcd(CmcdMode::kHeader, sample(), file);
  EXPECT_EQ(file.url, "/tmp/p/1.m4s");
  EXPECT_TRUE(file.headers.empty());
}

TEST(Cmcd, ModesAndRelativeUrls) {
  EXPECT_EQ(parse_cmcd_mode("header"), CmcdMode::kHeader);
  EXPECT_EQ(parse_cmcd_mode("Query"), std::nullopt);
  EXPECT_EQ(relative_url("http://a.test/p/v1/1.m4s", "http://a.test/p/v1/2.m4s"), "2.m4s");
  EXPECT_EQ(relative_url("http://a.test/p/v1/init.mp4", "http://a.test/p/v2/1.m4s"), "http://a.test/p/v2/1.m4s");
  EXPECT_EQ(cmcd_content_id("http://a.test/p/manifest.mpd").size(), 16u);
  EXPECT_NE(cmcd_content_id("http://a.test/p/manifest.mpd"), cmcd_content_id("http://a.test/q/manifest.mpd"));
}

}  // namespace
}  // namespace player
