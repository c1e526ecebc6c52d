// dash-package --encrypt cenc|cbcs: ClearKey Common Encryption that FFmpeg
// decrypts with the key (and cannot decode without it), ContentProtection in
// the MPD, EXT-X-KEY in the playlists; bad keys are one clear error line
// and a key never shows up in any output or message.
#include <gtest/gtest.h>

#include "hls_validator.h"
#include "media/file_io.h"
#include "media/mpd/reader.h"
#include "presentation_check.h"
#include "support/process.h"

namespace packager_test {
namespace {

using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::shell_quote;

constexpr const char* kKeyId = "0123456789abcdef0123456789abcdef";
constexpr const char* kKey = "5ecc0fc0ffee5ecc0fc0ffee5ecc0fc0";

class Encryption : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { dir_ = new ScratchDir("encryption"); }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::filesystem::path out(const std::string& name) { return *dir_ / ("out-" + name); }
  static RunResult package(const std::string& name, const std::string& args) {
    return run_package("--test-source 4 --test-source-size 320x180 --segment-duration 2 --preset ultrafast -o " +
                       shell_quote(out(name).string()) + " " + args);
  }
  static ScratchDir* dir_;
};

ScratchDir* Encryption::dir_ = nullptr;

TEST_F(Encryption, BothSchemesBothProfiles) {
  for (const char* scheme : {"cenc", "cbcs"})
    for (const char* profile : {"live", "ondemand"}) {
      SCOPED_TRACE(std::string(scheme) + " " + profile);
      const std::string name = std::string(scheme) + "-" + profile;
      auto r = package(name, std::string("--quiet --codec h264,hevc --hls --encrypt ") + scheme + " --key-id " + kKeyId +
                                 " --key " + kKey + " --profile " + profile + " --la-url https://keys.example/clearkey");
      ASSERT_EQ(r.exit_code, 0) << r.output;
      Expected e{2, true, 2, 120, 1.0 / 30, std::make_pair(320u, 180u)};
      e.psnr = false;
      e.decryption_key = kKey;  // FFmpeg decodes every representation with the key
      check_presentation(out(name), e);
      auto mpd = media::read_mpd_file(out(name) / "manifest.mpd");
      ASSERT_TRUE(mpd.ok()) << mpd.error();
      for (const auto& set : mpd->periods[0].adaptation_sets) {
        ASSERT_EQ(set.common.content_protection.size(), 2u);
        const auto& cp = set.common.content_protection;
        EXPECT_EQ(cp[0].scheme_id_uri, "urn:mpeg:dash:mp4protection:2011");
        EXPECT_EQ(cp[0].value, scheme);
        EXPECT_EQ(cp[0].default_kid, "01234567-89ab-cdef-0123-456789abcdef");
        EXPECT_EQ(cp[1].scheme_id_uri, "urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e");
        EXPECT_EQ(cp[1].laurl, "https://keys.example/clearkey");
        EXPECT_TRUE(cp[1].pssh.has_value());
      }
      EXPECT_EQ(validate_hls(out(name) / "master.m3u8"), std::vector<std::string>{});
      auto v0 = media::read_file(out(name) / "v0.m3u8");
      ASSERT_TRUE(v0.ok());
      EXPECT_NE(v0->find(std::string("#EXT-X-KEY:METHOD=") + (std::string(scheme) == "cenc" ? "SAMPLE-AES-CTR" : "SAMPLE-AES") +
                         ",URI=\"https://keys.example/clearkey\""),
                std::string::npos)
          << *v0;
    }
}

TEST_F(Encryption, WithoutTheKeyNothingDecodes) {
  ASSERT_EQ(package("locked", std::string("--quiet --encrypt cenc --key-id ") + kKeyId + " --key " + kKey).exit_code, 0);
  auto ff = run_command("ffmpeg -nostdin -v error -i " + shell_quote((out("locked") / "manifest.mpd").string()) +
                        " -map 0:v -f null - 2>&1");
  EXPECT_NE(ff.output, "") << "encrypted video decoded cleanly without its key";
}

TEST_F(Encryption, KeysNeverShowUp) {
  auto r = package("quiet-key", std::string("-v --json --encrypt cbcs --key-id ") + kKeyId + " --key " + kKey);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find(kKey), std::string::npos);
  for (const auto& f : std::filesystem::directory_iterator(out("quiet-key"))) {
    auto bytes = media::read_file(f.path());
    ASSERT_TRUE(bytes.ok());
    EXPECT_EQ(bytes->find(kKey), std::string::npos) << f.path();
    EXPECT_EQ(bytes->find("\x5e\xcc\x0f\xc0\xff\xee\x5e\xcc"), std::string::npos) << f.path();
  }
}

TEST_F(Encryption, BadKeysAreOneErrorLine) {
  const std::string short_key = std::string(kKey).substr(0, 30);
  auto r = package("short", "--encrypt cenc --key-id " + std::string(kKeyId) + " --key " + short_key);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "dash-package: error: --key must be 32 hex digits (16 bytes), got 30\n");
  EXPECT_FALSE(std::filesystem::exists(out("short")));
  auto no_key = package("no-key", "--encrypt cbcs --key-id " + std::string(kKeyId));
  EXPECT_EQ(no_key.output, "dash-package: error: --encrypt needs --key-id and --key, or --key-file\n");
  auto scheme = package("scheme", "--encrypt cens --key-id " + std::string(kKeyId) + " --key " + kKey);
  EXPECT_EQ(scheme.output, "dash-package: error: bad --encrypt 'cens': expected cenc or cbcs\n");
  auto av1 = package("av1", "--codec av1 --encrypt cenc --key-id " + std::string(kKeyId) + " --key " + kKey);
  EXPECT_NE(av1.output.find("--encrypt does not support AV1"), std::string::npos) << av1.output;
  EXPECT_EQ(av1.output.find(kKey), std::string::npos);
}

}  // namespace
}  // namespace packager_test
