// dash-package --pathway: one MPD-level BaseURL per pathway (serviceLocation,
// trailing slash, order kept) and <ContentSteering> with the first pathway
// as the default; the MPD reads back the same; bad pathway sets are refused.
#include "packager/pathways.h"

#include <gtest/gtest.h>

#include "media/mpd/reader.h"
#include "media/mpd/writer.h"
#include "packager/options.h"

namespace packager {
namespace {

media::Mpd one_period_mpd() {
  media::Mpd mpd;
  mpd.profiles = "urn:mpeg:dash:profile:isoff-live:2011";
  mpd.min_buffer_time = std::chrono::seconds(2);
  mpd.periods.emplace_back();
  return mpd;
}

TEST(Pathways, BaseUrlPerPathwayAndContentSteering) {
  media::Mpd mpd = one_period_mpd();
  add_pathways(mpd, {{"alpha", "https://a.example.com/show"}, {"beta", "http://127.0.0.1:9000/show/"}},
               "https://steer.example.com/_steering");
  ASSERT_EQ(mpd.base_urls.size(), 2u);
  EXPECT_EQ(mpd.base_urls[0], (media::BaseUrl{"https://a.example.com/show/", "alpha", std::nullopt}));
  EXPECT_EQ(mpd.base_urls[1], (media::BaseUrl{"http://127.0.0.1:9000/show/", "beta", std::nullopt}));
  ASSERT_TRUE(mpd.content_steering);
  EXPECT_EQ(mpd.content_steering->server_url, "https://steer.example.com/_steering");
  EXPECT_EQ(mpd.content_steering->default_service_location, "alpha");
  EXPECT_EQ(mpd.content_steering->query_before_start, true);
  auto again = media::parse_mpd(media::write_mpd(mpd));
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(*again, mpd);
}

TEST(Pathways, NoPathwaysLeaveTheMpdAlone) {
  media::Mpd mpd = one_period_mpd();
  add_pathways(mpd, {}, kDefaultSteeringUrl);
  EXPECT_EQ(mpd, one_period_mpd());
}

TEST(Pathways, BadSetsAreRefused) {
  EXPECT_TRUE(validate_pathways({{"a", "http://a/"}, {"b", "http://b/"}}, kDefaultSteeringUrl).ok());
  auto twice = validate_pathways({{"a", "http://a/"}, {"a", "http://b/"}}, kDefaultSteeringUrl);
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("'a' is given twice"), std::string::npos);
  std::vector<media::Pathway> many;
  for (int i = 0; i < 17; ++i) many.push_back({"p" + std::to_string(i), "http://h/"});
  EXPECT_FALSE(validate_pathways(many, kDefaultSteeringUrl).ok());
  EXPECT_FALSE(validate_pathways({{"a", "http://a/"}}, "has space").ok());
  // Through the options, as the CLI checks them.
  PackageOptions o;
  o.output_dir = "out";
  o.test_source_s = 1;
  o.pathways = {{"a", "http://a/"}, {"a", "http://b/"}};
  EXPECT_FALSE(validate_options(o).ok());
}

}  // namespace
}  // namespace packager
