// Every MPD the library writes validates against the shared DASH schema
// (xmllint from libxml2-utils, installed by scripts/setup.sh).
#include <gtest/gtest.h>

#include <fstream>

#include "media/mpd/reader.h"
#include "media/mpd/writer.h"
#include "support/process.h"

namespace media {
namespace {

using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::shell_quote;

testing_support::CommandResult validate(const std::filesystem::path& file) {
  auto xsd = testing_support::shared_dir() / "dash-schema" / "DASH-MPD.xsd";
  return run_command("xmllint --noout --schema " + shell_quote(xsd.string()) + " " + shell_quote(file.string()));
}

TEST(MpdSchema, RewrittenExamplesValidate) {
  ScratchDir dir("mpd-schema");
  int count = 0;
  for (const auto& e : std::filesystem::directory_iterator(testing_support::shared_dir() / "dash-schema/examples")) {
    if (e.path().extension() != ".mpd") continue;
    auto mpd = read_mpd_file(e.path());
    ASSERT_TRUE(mpd.ok()) << mpd.error();
    auto out = dir / e.path().filename().string();
    ASSERT_TRUE(write_mpd_file(*mpd, out).ok());
    auto r = validate(out);
    EXPECT_EQ(r.exit_code, 0) << e.path() << "\n" << r.output;
    ++count;
  }
  EXPECT_GE(count, 16);
}

TEST(MpdSchema, ValidatorRejectsAnInvalidMpd) {
  // Guards the test above: a document missing a required attribute must fail.
  ScratchDir dir("mpd-schema-bad");
  auto out = dir / "bad.mpd";
  std::ofstream(out) << "<?xml version='1.0'?><MPD xmlns='urn:mpeg:dash:schema:mpd:2011' profiles='p'>"
                        "<Period/></MPD>";
  EXPECT_NE(validate(out).exit_code, 0);
}

}  // namespace
}  // namespace media
