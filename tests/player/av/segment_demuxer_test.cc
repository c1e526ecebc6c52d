// SegmentDemuxer with content keys (dash-player --key): segments that
// dash-package encrypted with 'cenc' and 'cbcs' demux to exactly the packets
// of the same content packaged in the clear; without the key they do not.
#include "player/av/segment_demuxer.h"

#include <gtest/gtest.h>

#include "media/av/alloc.h"
#include "media/file_io.h"
#include "support/process.h"

namespace player {
namespace {

using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::shell_quote;

constexpr const char* kKeyId = "0123456789abcdef0123456789abcdef";
constexpr const char* kKey = "00112233445566778899aabbccddeeff";

std::filesystem::path package_binary() { return testing_support::binary_dir() / "packager" / "dash-package"; }

// The payloads of every packet of init + segment.
std::vector<std::string> packets(const std::filesystem::path& dir, const std::string& rep, int segment) {
  auto init = media::read_file(dir / (rep + "-init.mp4"));
  auto seg = media::read_file(dir / (rep + "-" + std::to_string(segment) + ".m4s"));
  EXPECT_TRUE(init.ok() && seg.ok());
  auto demuxer = SegmentDemuxer::open(std::make_shared<const std::string>(*init), std::make_shared<const std::string>(*seg));
  EXPECT_TRUE(demuxer.ok()) << demuxer.error();
  std::vector<std::string> out;
  if (!demuxer.ok()) return out;
  auto packet = media::av::alloc_packet();
  for (;;) {
    auto more = (*demuxer)->read(packet->get());
    EXPECT_TRUE(more.ok()) << more.error();
    if (!more.ok() || !*more) break;
    out.emplace_back(reinterpret_cast<const char*>((*packet)->data), static_cast<size_t>((*packet)->size));
    av_packet_unref(packet->get());
  }
  return out;
}

class EncryptedSegments : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("segment-demuxer");
    // One encoder thread: the same input encodes to the same bytes every time.
    const std::string common = " --test-source 2 --test-source-size 320x180 --segment-duration 1 --preset ultrafast "
                               "--codec h264,hevc --encoder-threads 1 --quiet -o ";
    for (const char* scheme : {"", "cenc", "cbcs"}) {
      std::string args = common + shell_quote((*dir_ / (std::string("out-") + scheme)).string());
      if (*scheme) args += std::string(" --encrypt ") + scheme + " --key-id " + kKeyId + " --key " + kKey;
      auto r = run_command(shell_quote(package_binary().string()) + args);
      ASSERT_EQ(r.exit_code, 0) << r.output;
    }
  }
  static void TearDownTestSuite() {
    SegmentDemuxer::set_content_keys({});
    delete dir_;
    dir_ = nullptr;
  }
  static ScratchDir* dir_;
};

ScratchDir* EncryptedSegments::dir_ = nullptr;

TEST_F(EncryptedSegments, DecryptToTheClearPackets) {
  for (const char* scheme : {"cenc", "cbcs"}) {
    for (const char* rep : {"v0", "hevc-v0", "a0"}) {
      SCOPED_TRACE(std::string(scheme) + " " + rep);
      SegmentDemuxer::set_content_keys({});
      const auto clear = packets(*dir_ / "out-", rep, 2);
      ASSERT_FALSE(clear.empty());
      const auto locked = packets(*dir_ / (std::string("out-") + scheme), rep, 2);
      EXPECT_NE(locked, clear) << "the segments are not encrypted";
      SegmentDemuxer::set_content_keys({{kKeyId, kKey}});
      EXPECT_EQ(packets(*dir_ / (std::string("out-") + scheme), rep, 2), clear);
      SegmentDemuxer::set_content_keys({{"ffffffffffffffffffffffffffffffff", "ffffffffffffffffffffffffffffffff"},
                                        {kKeyId, kKey}});  // picked by the key ID
      EXPECT_EQ(packets(*dir_ / (std::string("out-") + scheme), rep, 1), packets(*dir_ / "out-", rep, 1));
    }
  }
}

}  // namespace
}  // namespace player
