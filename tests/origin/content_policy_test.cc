#include "origin/content_policy.h"

#include <gtest/gtest.h>

namespace origin {
namespace {

TEST(ContentPolicy, TypesAndCaching) {
  EXPECT_EQ(policy_for("/a/manifest.mpd").content_type, "application/dash+xml");
  EXPECT_EQ(policy_for("/a/manifest.mpd").cache_control, "public, max-age=10");
  EXPECT_EQ(policy_for("/v0/seg-00001.m4s").content_type, "video/iso.segment");
  EXPECT_EQ(policy_for("/v0/seg-00001.m4s").cache_control, "public, max-age=31536000, immutable");
  EXPECT_EQ(policy_for("/v0/init.mp4").content_type, "video/mp4");
  EXPECT_EQ(policy_for("/a0/x.m4a").content_type, "audio/mp4");
  EXPECT_EQ(policy_for("/segments.json").content_type, "application/json");
  EXPECT_EQ(policy_for("/index.html").content_type, "text/html; charset=utf-8");
  EXPECT_EQ(policy_for("/UPPER.MPD").kind, ContentKind::kManifest);
  EXPECT_EQ(policy_for("/dir.mpd/file").content_type, "application/octet-stream");
  EXPECT_EQ(policy_for("/noext").kind, ContentKind::kOther);
}

}  // namespace
}  // namespace origin
