// A test fixture with the Pensieve reference video as the player model's
// synthetic presentation (the player model and shared-link tests).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "player/sim/player_model.h"
#include "player/sim/video_source.h"

namespace sim {

class PensievePlayerContent : public ::testing::Test {
 protected:
  void SetUp() override {
    auto v = load_video(std::string(DS_SHARED_DIR) + "/abr-reference/pensieve-envivio");
    ASSERT_TRUE(v.ok()) << v.error();
    video = std::move(v).value();
    auto c = player_content(video);
    ASSERT_TRUE(c.ok()) << c.error();
    content = std::move(c).value();
  }
  VideoModel video;
  std::shared_ptr<const PlayerContent> content;
};

}  // namespace sim
