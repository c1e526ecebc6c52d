// The CMCD (CTA-5004) parser: the specification's example, the header form
// (several payloads, spaces after commas), booleans, custom and unknown keys,
// a canonical sorted form that reads back the same, and one clear error for
// every kind of bad payload.
#include "origin/cmcd.h"

#include <gtest/gtest.h>

namespace origin {
namespace {

// CTA-5004 §3.1's example payload (decoded from its query form).
constexpr const char* kSpecExample =
    "bl=21300,br=3200,bs,cid=\"faec5fc2-ac30-11eabb37-0242ac130002\",d=4004,dl=18500,mtp=48100,"
    "nor=\"..%2F300kbps%2Ftrack.m4v\",nrr=\"12323-48763\",ot=v,pr=1.08,rtp=12000,sf=d,"
    "sid=\"6e2fb550-c457-11e9-bb97-0800200c9a66\",st=v,su,tb=6000";

TEST(Cmcd, ReadsEveryKeyOfTheSpecificationExample) {
  auto d = parse_cmcd(kSpecExample);
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d->bl_ms, 21300);
  EXPECT_EQ(d->br_kbps, 3200);
  EXPECT_TRUE(d->bs);
  EXPECT_EQ(d->cid, "faec5fc2-ac30-11eabb37-0242ac130002");
  EXPECT_EQ(d->d_ms, 4004);
  EXPECT_EQ(d->dl_ms, 18500);
  EXPECT_EQ(d->mtp_kbps, 48100);
  EXPECT_EQ(d->nor, "..%2F300kbps%2Ftrack.m4v");
  EXPECT_EQ(d->nrr, "12323-48763");
  EXPECT_EQ(d->ot, "v");
  ASSERT_TRUE(d->pr);
  EXPECT_DOUBLE_EQ(*d->pr, 1.08);
  EXPECT_EQ(d->rtp_kbps, 12000);
  EXPECT_EQ(d->sf, "d");
  EXPECT_EQ(d->sid, "6e2fb550-c457-11e9-bb97-0800200c9a66");
  EXPECT_EQ(d->st, "v");
  EXPECT_TRUE(d->su);
  EXPECT_EQ(d->tb_kbps, 6000);
  EXPECT_FALSE(d->version);
}

TEST(Cmcd, HeadersAndQueryMergeIntoOneRecord) {
  CmcdSources sources;
  sources.object_header = "br=3200, d=4004, ot=v, tb=6000";
  sources.request_header = "bl=21300,mtp=48100, su";
  sources.session_header = "cid=\"c\",sf=d, sid=\"s\",st=l";
  sources.status_header = "bs,rtp=12000";
  auto d = parse_request_cmcd(sources);
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(format_cmcd(*d),
            "bl=21300,br=3200,bs,cid=\"c\",d=4004,mtp=48100,ot=v,rtp=12000,sf=d,sid=\"s\",st=l,su,tb=6000");
  // The query is read first; a header repeating a key wins.
  sources = {};
  sources.query = "bl=100,ot=a";
  sources.request_header = "bl=200";
  d = parse_request_cmcd(sources);
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d->bl_ms, 200);
  EXPECT_EQ(d->ot, "a");
  EXPECT_TRUE(parse_request_cmcd({}).value().empty());
}

TEST(Cmcd, BooleansCustomAndUnknownKeys) {
  auto d = parse_cmcd("su=?1,bs=?0,com.example-id=\"x y\",com.example-n=5,xyz=3,bl=100,v=1");
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_TRUE(d->su);
  EXPECT_FALSE(d->bs);
  EXPECT_EQ(d->bl_ms, 100);
  EXPECT_EQ(d->version, 1);
  ASSERT_EQ(d->custom.size(), 2u);  // xyz is a key of some later version: ignored
  EXPECT_EQ(d->custom[0], (std::pair<std::string, std::string>{"com.example-id", "\"x y\""}));
  EXPECT_EQ(d->custom[1], (std::pair<std::string, std::string>{"com.example-n", "5"}));
  // A key given again replaces the earlier value.
  EXPECT_EQ(parse_cmcd("bl=100,bl=300")->bl_ms, 300);
  EXPECT_TRUE(parse_cmcd("").value().empty());
  EXPECT_TRUE(parse_cmcd("   ").value().empty());
}

TEST(Cmcd, TheCanonicalFormIsSortedAndReadsBackTheSame) {
  auto d = parse_cmcd(std::string(kSpecExample) + ",com.x-y=\"q\\\"uote\",pr=2");
  ASSERT_TRUE(d.ok()) << d.error();
  const std::string text = format_cmcd(*d);
  EXPECT_EQ(text.substr(0, 26), "bl=21300,br=3200,bs,cid=\"f");
  EXPECT_NE(text.find(",com.x-y=\"q\\\"uote\","), std::string::npos) << text;
  EXPECT_NE(text.find(",pr=2.000,"), std::string::npos) << text;
  auto again = parse_cmcd(text);
  ASSERT_TRUE(again.ok()) << again.error() << "\n" << text;
  EXPECT_EQ(*again, *d);
  EXPECT_EQ(format_cmcd(*again), text);
}

TEST(Cmcd, EveryBadPayloadIsOneErrorSayingWhat) {
  const struct {
    const char* payload;
    const char* says;
  } cases[] = {
      {"br=abc", "'br': expected an integer"},
      {"br=\"3200\"", "'br': expected an integer"},
      {"bl=-5", "'bl': must not be negative"},
      {"ot=\"v\"", "'ot': expected a token"},
      {"cid=5", "'cid': expected a quoted string"},
      {"su=1", "'su': expected a boolean"},
      {"pr=0", "'pr': must be in (0, 1000]"},
      {"pr=abc", "'pr': expected a number"},
      {"sid=\"0123456789012345678901234567890123456789012345678901234567890123456789\"", "'sid': longer than 64"},
      {"bl=1,,br=2", "expected a key"},
      {"bl=1,", "trailing ','"},
      {"bl=1 br=2", "expected ','"},
      {"BR=1", "expected a key"},
      {"=1", "expected a key"},
      {"bl=", "expected a value"},
      {"bl=1;x=2", "parameters"},
      {"cid=\"open", "unterminated string"},
      {"nor=\"a\\qb\"", "bad escape"},
      {"nor=\"caf\xc3\xa9\"", "non-ASCII"},
      {"bl=1234567890123456", "more than 15 digits"},
      {"pr=1.2345", "more than 3 fraction digits"},
      {"pr=1.", "without fraction digits"},
      {"bs=?2", "?0 or ?1"},
  };
  for (const auto& c : cases) {
    auto d = parse_cmcd(c.payload);
    ASSERT_FALSE(d.ok()) << c.payload;
    EXPECT_EQ(d.error().code, media::ErrorCode::kParse) << c.payload;
    EXPECT_NE(d.error().message.find(c.says), std::string::npos) << c.payload << " -> " << d.error().message;
  }
  // The source of a bad header is named.
  CmcdSources sources;
  sources.session_header = "sid=7";
  auto d = parse_request_cmcd(sources);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().message.rfind("CMCD-Session: ", 0), 0u) << d.error().message;
}

}  // namespace
}  // namespace origin
