#include "player/sim/presentation_video.h"

#include <algorithm>
#include <numeric>

#include "media/mpd/reader.h"

namespace sim {
namespace {

media::Error presentation_error(const std::string& name, const std::string& message) {
  return media::make_error(media::ErrorCode::kParse, "presentation '" + name + "': " + message);
}

bool is_video(const media::AdaptationSet& set) {
  if (set.content_type) return *set.content_type == "video";
  if (set.common.mime_type) return set.common.mime_type->starts_with("video/");
  for (const auto& rep : set.representations)
    if (rep.common.mime_type && rep.common.mime_type->starts_with("video/")) return true;
  return false;
}

struct Rung {
  double bitrate_bps = 0;
  abr::Resolution resolution;
  const media::RepresentationMetadata* meta = nullptr;
};

}  // namespace

media::Result<VideoModel> presentation_video(const media::Mpd& mpd, const media::PresentationMetadata& meta,
                                             std::string name) {
  if (mpd.periods.empty()) return presentation_error(name, "the MPD has no Period");
  const media::AdaptationSet* video = nullptr;
  for (const auto& set : mpd.periods.front().adaptation_sets)
    if (is_video(set) && !set.representations.empty()) {
      video = &set;
      break;
    }
  if (!video) return presentation_error(name, "the first Period has no video AdaptationSet");

  std::vector<Rung> rungs;
  for (const auto& rep : video->representations) {
    const auto* m = meta.find(rep.id);
    if (!m) return presentation_error(name, "segments.json lacks representation '" + rep.id + "'");
    if (m->segments.empty()) return presentation_error(name, "representation '" + rep.id + "' has no segments");
    Rung r;
    r.bitrate_bps = static_cast<double>(rep.bandwidth);
    r.resolution.width = rep.common.width.value_or(video->common.width.value_or(m->width.value_or(0)));
    r.resolution.height = rep.common.height.value_or(video->common.height.value_or(m->height.value_or(0)));
    r.meta = m;
    if (!(r.bitrate_bps > 0)) return presentation_error(name, "representation '" + rep.id + "' has no @bandwidth");
    rungs.push_back(r);
  }
  std::sort(rungs.begin(), rungs.end(), [](const Rung& a, const Rung& b) { return a.bitrate_bps < b.bitrate_bps; });
  for (size_t i = 1; i < rungs.size(); ++i)
    if (rungs[i].bitrate_bps == rungs[i - 1].bitrate_bps)
      return presentation_error(name, "two video representations share @bandwidth " +
                                          std::to_string(static_cast<uint64_t>(rungs[i].bitrate_bps)));

  size_t rows = rungs.front().meta->segments.size();
  bool quality = true, resolutions = true;
  for (const auto& r : rungs) {
    rows = std::min(rows, r.meta->segments.size());
    for (const auto& s : r.meta->segments) quality = quality && s.quality_db().has_value();
    resolutions = resolutions && r.resolution.width > 0 && r.resolution.height > 0;
  }
  if (rows < 2) return presentation_error(name, "needs at least two segments per representation");

  VideoModel v;
  v.name = std::move(name);
  const auto& first = rungs.front().meta->segments;
  const double total_s = std::accumulate(first.begin(), first.begin() + static_cast<ptrdiff_t>(rows), 0.0,
                                         [](double sum, const media::SegmentMetadata& s) { return sum + s.duration_s; });
  v.segment_duration_s = total_s / static_cast<double>(rows);
  if (!(v.segment_duration_s > 0)) return presentation_error(v.name, "segment durations must be positive");
  for (const auto& r : rungs) {
    v.bitrates_bps.push_back(r.bitrate_bps);
    if (resolutions) v.resolutions.push_back(r.resolution);
  }
  v.sizes_bytes.resize(rows * rungs.size());
  if (quality) v.quality_db.resize(rows * rungs.size());
  for (size_t i = 0; i < rows; ++i)
    for (size_t q = 0; q < rungs.size(); ++q) {
      const auto& s = rungs[q].meta->segments[i];
      if (s.size_bytes == 0)
        return presentation_error(v.name, "segment " + std::to_string(s.number) + " of '" + rungs[q].meta->id +
                                              "' has 0 bytes");
      v.sizes_bytes[i * rungs.size() + q] = static_cast<double>(s.size_bytes);
      if (quality) v.quality_db[i * rungs.size() + q] = *s.quality_db();
    }
  v.segment_count = rows;
  return v;
}

media::Result<VideoModel> read_presentation_video(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::path mpd_path = path;
  if (std::filesystem::is_directory(path, ec)) {
    mpd_path.clear();
    for (const auto& entry : std::filesystem::directory_iterator(path, ec))
      if (entry.path().extension() == ".mpd" && (mpd_path.empty() || entry.path() < mpd_path)) mpd_path = entry.path();
    if (mpd_path.empty()) return presentation_error(path.string(), "no .mpd file in the directory");
  }
  const auto dir = mpd_path.parent_path();
  auto mpd = media::read_mpd_file(mpd_path);
  if (!mpd) return mpd.error();
  auto meta = media::read_segments_json_file(dir / "segments.json");
  if (!meta) return meta.error().with_context("presentation '" + mpd_path.string() + "' needs segments.json");
  const auto name = dir.filename().empty() ? mpd_path.filename().string() : dir.filename().string();
  return presentation_video(mpd.value(), meta.value(), name);
}

}  // namespace sim
