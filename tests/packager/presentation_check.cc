#include "presentation_check.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "media/file_io.h"
#include "media/isobmff/boxes.h"
#include "media/mpd/reader.h"
#include "media/mpd/segments.h"
#include "media/mpd/writer.h"
#include "media/segments_json.h"
#include "support/process.h"

namespace packager_test {
namespace {

using testing_support::run_command;
using testing_support::shell_quote;

media::Bytes as_bytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

media::Result<std::string> read_location(const media::MediaLocation& loc) {
  auto data = media::read_file(loc.url);
  if (!data.ok() || !loc.range) return data;
  const uint64_t first = loc.range->first;
  const uint64_t last = loc.range->last.value_or(data->size() - 1);
  if (last >= data->size() || first > last)
    return media::make_error(media::ErrorCode::kParse, "range past the end of " + loc.url);
  return data->substr(first, last - first + 1);
}

struct RepMedia {
  std::string id;
  std::string content_type;
  std::vector<uint64_t> tfdt;       // per segment, ticks
  std::vector<double> duration_s;   // per segment, from the fragments
  std::vector<uint64_t> size_bytes;
  uint32_t timescale = 0;
  uint32_t width = 0, height = 0;
};

// On-demand: the MPD's ranges must be exactly the init (ftyp+moov) and the sidx.
void check_on_demand_ranges(media::ResolvedRepresentation& rr, const std::string& id) {
  ASSERT_TRUE(rr.index) << id;
  ASSERT_TRUE(rr.initialization && rr.initialization->range) << id;
  auto file = media::read_file(rr.index->url);
  ASSERT_TRUE(file.ok()) << file.error();
  auto boxes = media::read_boxes(as_bytes(*file));
  ASSERT_TRUE(boxes.ok()) << boxes.error();
  auto sidx_box = media::find_box(*boxes, media::fourcc("sidx"));
  auto moov_box = media::find_box(*boxes, media::fourcc("moov"));
  ASSERT_TRUE(sidx_box && moov_box) << id;
  ASSERT_TRUE(rr.index->range);
  EXPECT_EQ(rr.index->range->first, sidx_box->offset) << id;
  EXPECT_EQ(rr.index->range->last, sidx_box->end() - 1) << id;
  EXPECT_EQ(rr.initialization->range->first, 0u) << id;
  EXPECT_EQ(rr.initialization->range->last, moov_box->end() - 1) << id;
  auto sidx = media::parse_sidx(*sidx_box);
  ASSERT_TRUE(sidx.ok()) << sidx.error();
  ASSERT_TRUE(media::apply_sidx(rr, *sidx, sidx_box->end()).ok());
  ASSERT_FALSE(rr.segments.empty());
  EXPECT_EQ(rr.segments.back().location.range->last.value_or(0) + 1, file->size()) << id << ": sidx must cover the file";
}

RepMedia read_representation(const media::Mpd& mpd, const std::filesystem::path& mpd_path, size_t set, size_t rep) {
  RepMedia m;
  auto rr = media::resolve_representation(mpd, 0, set, rep, mpd_path.string());
  EXPECT_TRUE(rr.ok()) << rr.error();
  if (!rr.ok()) return m;
  m.id = rr->representation->id;
  m.content_type = rr->adaptation_set->content_type.value_or("");
  m.width = rr->common.width.value_or(0);
  m.height = rr->common.height.value_or(0);
  if (rr->mode == media::AddressingMode::kSegmentBase) {
    check_on_demand_ranges(*rr, m.id);
    if (::testing::Test::HasFatalFailure()) return m;
  }
  EXPECT_TRUE(rr->initialization) << m.id;
  if (!rr->initialization) return m;
  auto init = read_location(*rr->initialization);
  EXPECT_TRUE(init.ok()) << init.error();
  if (!init.ok()) return m;
  auto info = media::parse_init_segment(as_bytes(*init));
  EXPECT_TRUE(info.ok()) << info.error();
  if (!info.ok()) return m;
  m.timescale = info->timescale;
  EXPECT_EQ(rr->timescale, info->timescale) << m.id;
  for (const auto& seg : rr->segments) {
    auto data = read_location(seg.location);
    EXPECT_TRUE(data.ok()) << seg << ": " << data.error();
    if (!data.ok()) continue;
    auto frags = media::parse_media_segment(as_bytes(*data), info->defaults);
    EXPECT_TRUE(frags.ok()) << seg << ": " << frags.error();
    if (!frags.ok() || frags->empty()) continue;
    EXPECT_TRUE(frags->front().first_sample_is_sync) << seg;
    EXPECT_TRUE(frags->front().base_media_decode_time.has_value()) << seg;
    const uint64_t tfdt = frags->front().base_media_decode_time.value_or(0);
    // The MPD timeline says exactly what the media says.
    EXPECT_EQ(tfdt, seg.start_ticks) << seg;
    uint64_t ticks = 0;
    for (const auto& f : *frags) ticks += f.duration_ticks;
    EXPECT_EQ(ticks, seg.duration_ticks) << seg;
    m.tfdt.push_back(tfdt);
    m.duration_s.push_back(double(ticks) / info->timescale);
    m.size_bytes.push_back(data->size());
  }
  return m;
}

}  // namespace

std::filesystem::path package_binary() { return testing_support::binary_dir() / "packager" / "dash-package"; }
std::filesystem::path player_binary() { return testing_support::binary_dir() / "player" / "dash-player"; }

RunResult run_package(const std::string& args) {
  auto r = run_command(shell_quote(package_binary().string()) + " " + args);
  return {r.exit_code, r.output};
}

void check_presentation(const std::filesystem::path& dir, const Expected& e) {
  const auto mpd_path = dir / "manifest.mpd";
  ASSERT_TRUE(std::filesystem::exists(mpd_path)) << mpd_path;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    EXPECT_NE(entry.path().extension(), ".tmp") << "temporary file left: " << entry.path();

  const auto xsd = testing_support::shared_dir() / "dash-schema" / "DASH-MPD.xsd";
  auto lint = run_command("xmllint --noout --schema " + shell_quote(xsd.string()) + " " + shell_quote(mpd_path.string()));
  EXPECT_EQ(lint.exit_code, 0) << lint.output;

  auto mpd = media::read_mpd_file(mpd_path);
  ASSERT_TRUE(mpd.ok()) << mpd.error();
  ASSERT_EQ(mpd->periods.size(), 1u);
  std::vector<RepMedia> video, audio, text;
  const auto& sets = mpd->periods[0].adaptation_sets;
  for (size_t s = 0; s < sets.size(); ++s)
    for (size_t r = 0; r < sets[s].representations.size(); ++r) {
      if (sets[s].common.mime_type == "text/vtt") {  // a sidecar: one WebVTT file, no segments
        const auto& urls = sets[s].representations[r].base_urls;
        ASSERT_EQ(urls.size(), 1u);
        auto vtt = media::read_file(dir / urls[0].url);
        ASSERT_TRUE(vtt.ok()) << vtt.error();
        EXPECT_EQ(vtt->rfind("WEBVTT\n", 0), 0u) << urls[0].url;
        continue;
      }
      RepMedia m = read_representation(*mpd, mpd_path, s, r);
      if (::testing::Test::HasFatalFailure()) return;
      (m.content_type == "video" ? video : m.content_type == "audio" ? audio : text).push_back(std::move(m));
    }
  EXPECT_EQ(video.size(), e.video_representations);
  EXPECT_EQ(audio.size(), e.audio ? e.audio_tracks : 0u);

  // Aligned: every video representation's segments start at the same
  // instant (the same tfdt when the timescales agree, as when we encode).
  for (const auto& v : video) {
    const auto& first = video.front();
    ASSERT_EQ(v.tfdt.size(), first.tfdt.size()) << v.id;
    for (size_t i = 0; i < v.tfdt.size(); ++i)
      EXPECT_EQ(v.tfdt[i] * first.timescale, first.tfdt[i] * v.timescale)
          << v.id << " vs " << first.id << " segment " << i + 1 << ": " << v.tfdt[i] << "/" << v.timescale << " vs "
          << first.tfdt[i] << "/" << first.timescale;
  }
  if (e.segments) {
    for (const auto& r : video.empty() ? audio : video) EXPECT_EQ(r.tfdt.size(), *e.segments) << r.id;
  }
  if (e.top_size && !video.empty()) {
    const RepMedia* top = &video.front();
    for (const auto& v : video)
      if (uint64_t(v.width) * v.height > uint64_t(top->width) * top->height) top = &v;
    EXPECT_EQ(std::make_pair(top->width, top->height), *e.top_size);
  }
  // Every audio track is cut on the video boundaries: same count, durations within a frame.
  for (const auto& a : audio) {
    if (video.empty()) break;
    const auto& v = video.front();
    ASSERT_EQ(a.duration_s.size(), v.duration_s.size()) << a.id;
    for (size_t i = 0; i < v.duration_s.size(); ++i) {
      EXPECT_LT(std::abs(a.duration_s[i] - v.duration_s[i]), e.frame_s) << a.id << " segment " << i + 1;
      EXPECT_LT(std::abs(double(a.tfdt[i]) / a.timescale - double(v.tfdt[i]) / v.timescale), e.frame_s)
          << a.id << " segment " << i + 1;
    }
  }

  // segments.json: sizes are the bytes on disk.
  auto meta = media::read_segments_json_file(dir / "segments.json");
  ASSERT_TRUE(meta.ok()) << meta.error();
  for (const auto* list : {&video, &audio})
    for (const auto& r : *list) {
      const auto* m = meta->find(r.id);
      ASSERT_NE(m, nullptr) << r.id;
      ASSERT_EQ(m->segments.size(), r.size_bytes.size()) << r.id;
      for (size_t i = 0; i < r.size_bytes.size(); ++i) {
        EXPECT_EQ(m->segments[i].size_bytes, r.size_bytes[i]) << r.id << " segment " << i + 1;
        EXPECT_NEAR(m->segments[i].duration_s, r.duration_s[i], 1e-6) << r.id;
        if (m->content_type == "video" && e.psnr) {
          ASSERT_TRUE(m->segments[i].psnr_db.has_value()) << r.id;
          EXPECT_GT(*m->segments[i].psnr_db, 20.0) << r.id;
        }
      }
    }

  // FFmpeg's own DASH demuxer decodes every representation without a
  // complaint (it cannot read whole-file WebVTT: those sets are left out).
  auto segmented = *mpd;
  auto& segmented_sets = segmented.periods[0].adaptation_sets;
  std::erase_if(segmented_sets, [](const media::AdaptationSet& s) { return s.common.mime_type == "text/vtt"; });
  const auto ff_mpd = std::filesystem::absolute(dir / "ffmpeg-check.mpd.tmp");
  ASSERT_TRUE(media::write_mpd_file(segmented, ff_mpd).ok());
  const std::string key = e.decryption_key.empty() ? "" : " -cenc_decryption_key " + e.decryption_key;
  auto ff = run_command("ffmpeg -nostdin -v error -f dash" + key + " -i " + shell_quote(ff_mpd.string()) +
                        " -map 0 -f null - 2>&1");
  std::filesystem::remove(ff_mpd);
  EXPECT_EQ(ff.exit_code, 0) << ff.output;
  EXPECT_EQ(ff.output, "") << "ffmpeg reported errors";

  // Our player plays it through with the right number of frames. (Its
  // session does not take encrypted representations yet: --key decrypts in
  // its demuxer, tests/player/av checks that.)
  if (!e.decryption_key.empty()) return;
  if (!std::filesystem::exists(player_binary())) {
    std::cerr << "note: " << player_binary() << " not built; skipping the player check\n";
    return;
  }
  auto play = run_command(shell_quote(player_binary().string()) + " --fast --json " + shell_quote(mpd_path.string()) +
                          " 2>/dev/null");
  ASSERT_EQ(play.exit_code, 0) << play.output;
  auto summary = nlohmann::json::parse(play.output, nullptr, false);
  ASSERT_FALSE(summary.is_discarded()) << play.output;
  if (e.video_frames && !video.empty()) {
    EXPECT_EQ(summary.value("video_frames", -1), *e.video_frames) << play.output;
  }
  EXPECT_EQ(summary.value("skipped_segments", -1), 0) << play.output;
}

}  // namespace packager_test
