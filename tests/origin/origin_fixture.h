// A content directory written by the test and a real dash-origin serving it.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <random>

#include "support/process.h"
#include "support/origin_process.h"

namespace origin_test {

inline std::string random_bytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

class OriginFixture : public ::testing::Test {
 public:
  int port() const { return port_; }

 protected:
  static constexpr size_t kSegmentBytes = 200'000;

  void SetUp() override {
    dir_ = std::make_unique<testing_support::ScratchDir>("origin");
    root_ = dir_->path() / "root";
    std::filesystem::create_directories(root_ / "show/v0");
    std::filesystem::create_directories(root_ / "sub");
    write("show/manifest.mpd", "<?xml version=\"1.0\"?><MPD profiles=\"p\" minBufferTime=\"PT2S\"><Period/></MPD>\n");
    segment_ = random_bytes(kSegmentBytes, 1);
    write("show/v0/seg-1.m4s", segment_);
    write("show/v0/seg-2.m4s", random_bytes(kSegmentBytes, 2));
    write("secret.txt", "inside");
    std::ofstream(dir_->path() / "outside-secret") << "TOP-SECRET";
    std::filesystem::create_symlink(dir_->path() / "outside-secret", root_ / "show/escape.m4s");
  }

  void write(const std::string& rel, const std::string& data) { std::ofstream(root_ / rel, std::ios::binary) << data; }

  // Starts dash-origin with extra arguments (stopping one started before);
  // returns the base URL.
  std::string start(std::vector<std::string> extra = {}) {
    server_.reset();
    server_ = std::make_unique<testing_support::OriginProcess>(root_, dir_->path(), std::move(extra));
    EXPECT_TRUE(server_->ok()) << server_->error();
    base_ = server_->base_url();
    port_ = server_->port();
    return base_;
  }

  std::string access_log() const { return server_ ? server_->access_log() : std::string(); }

  httplib::Client client() const {
    httplib::Client c(base_);
    c.set_read_timeout(10, 0);
    return c;
  }

  std::unique_ptr<testing_support::ScratchDir> dir_;
  std::filesystem::path root_;
  std::string segment_;
  std::unique_ptr<testing_support::OriginProcess> server_;
  std::string base_;
  int port_ = 0;
};

}  // namespace origin_test
