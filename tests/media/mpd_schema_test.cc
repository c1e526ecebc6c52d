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

namespace media {
namespace {

// The low-latency live elements (ServiceDescription, ProducerReferenceTime,
// availabilityTimeOffset/Complete) are written where the schema wants them and
// read back unchanged.
TEST(MpdSchema, LowLatencyLiveElementsValidateAndRoundTrip) {
  Mpd mpd;
  mpd.profiles = "urn:mpeg:dash:profile:isoff-live:2011";
  mpd.type = "dynamic";
  mpd.availability_start_time = "2024-05-01T10:00:00.000Z";
  mpd.publish_time = "2024-05-01T10:00:12.000Z";
  mpd.minimum_update_period = std::chrono::seconds(2);
  mpd.min_buffer_time = std::chrono::milliseconds(500);
  mpd.time_shift_buffer_depth = std::chrono::seconds(30);
  ServiceDescription sd;
  sd.id = 0;
  sd.latency_target_ms = 1000;
  sd.latency_min_ms = 500;
  sd.latency_max_ms = 3000;
  sd.playback_rate_min = 0.95;
  sd.playback_rate_max = 1.05;
  mpd.service_descriptions.push_back(sd);
  Descriptor xsdate;
  xsdate.scheme_id_uri = "urn:mpeg:dash:utc:http-xsdate:2014";
  xsdate.value = "/_time";
  mpd.utc_timing.push_back(xsdate);
  Period p;
  p.id = "p0";
  p.start = Duration(0);
  AdaptationSet as;
  as.id = 0;
  as.content_type = "video";
  as.common.mime_type = "video/mp4";
  as.common.producer_reference_times.push_back(
      {0, true, "captured", "2024-05-01T10:00:00.000Z", 0, xsdate});
  SegmentTemplate t;
  t.timescale = 90000;
  t.media = "$RepresentationID$-$Number$.m4s";
  t.initialization_template = "$RepresentationID$-init.mp4";
  t.start_number = 1;
  t.duration = 180000;
  t.availability_time_offset_s = 1.5;
  t.availability_time_complete = false;
  as.segment_info.segment_template = t;
  Representation r;
  r.id = "v0";
  r.bandwidth = 1000000;
  r.common.codecs = "avc1.64001f";
  as.representations.push_back(r);
  p.adaptation_sets.push_back(as);
  mpd.periods.push_back(p);

  ScratchDir dir("mpd-schema-ll");
  auto out = dir / "ll.mpd";
  ASSERT_TRUE(write_mpd_file(mpd, out).ok());
  auto r2 = validate(out);
  EXPECT_EQ(r2.exit_code, 0) << r2.output;
  auto back = read_mpd_file(out);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(*back, mpd);
  EXPECT_NE(write_mpd(mpd).find("availabilityTimeOffset=\"1.5\""), std::string::npos);
}

}  // namespace
}  // namespace media
