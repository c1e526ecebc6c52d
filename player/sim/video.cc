#include "player/sim/video.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "media/file_io.h"
#include "media/mpd/reader.h"
#include "media/mpd/segments.h"
#include "media/segments_json.h"
#include "media/text.h"

namespace sim {
namespace {

// Far beyond any real video; keeps hostile inputs from exhausting memory.
constexpr size_t kMaxRungs = 64;
constexpr size_t kMaxSegments = 1'000'000;
constexpr size_t kMaxCells = 4'000'000;

media::Error video_error(const std::string& name, const std::string& what) {
  return media::make_error(media::ErrorCode::kParse, "video '" + name + "': " + what);
}

}  // namespace

double VideoModel::total_duration_s() const {
  double t = 0;
  for (double d : durations_s) t += d;
  return t;
}

abr::RungTable VideoModel::sizes_from(size_t segment) const {
  if (segment >= rows()) return {{}, rungs()};
  return {std::span<const double>(sizes_bytes).subspan(segment * rungs()), rungs()};
}

abr::RungTable VideoModel::quality_from(size_t segment) const {
  if (psnr_db.empty() || segment >= rows()) return {{}, rungs()};
  return {std::span<const double>(psnr_db).subspan(segment * rungs()), rungs()};
}

media::Status validate(const VideoModel& v) {
  if (v.bitrates_bps.empty()) return video_error(v.name, "no rungs");
  if (v.rungs() > kMaxRungs) return video_error(v.name, "more than " + std::to_string(kMaxRungs) + " rungs");
  for (size_t r = 0; r < v.rungs(); ++r) {
    if (!std::isfinite(v.bitrates_bps[r]) || v.bitrates_bps[r] <= 0)
      return video_error(v.name, "rung " + std::to_string(r) + " has no positive bitrate");
    if (r > 0 && v.bitrates_bps[r] <= v.bitrates_bps[r - 1])
      return video_error(v.name, "ladder is not strictly ascending at rung " + std::to_string(r));
  }
  if (v.played_segments == 0) return video_error(v.name, "no segments");
  if (v.durations_s.size() != v.played_segments) return video_error(v.name, "durations do not match segments");
  if (v.sizes_bytes.size() % v.rungs() != 0 || v.rows() < v.played_segments)
    return video_error(v.name, "sizes do not cover every segment and rung");
  if (!v.psnr_db.empty() && v.psnr_db.size() != v.sizes_bytes.size())
    return video_error(v.name, "quality table does not match the size table");
  for (double d : v.durations_s)
    if (!std::isfinite(d) || d <= 0 || d > 3600) return video_error(v.name, "segment duration out of range");
  for (double s : v.sizes_bytes)
    if (!std::isfinite(s) || s < 0 || s > 1e12) return video_error(v.name, "segment size out of range");
  for (double q : v.psnr_db)
    if (!std::isfinite(q)) return video_error(v.name, "quality is not a finite number");
  return {};
}

media::Result<VideoModel> parse_pensieve_sizes(const std::vector<std::string_view>& files, std::string name) {
  VideoModel v;
  v.name = std::move(name);
  if (files.empty()) return video_error(v.name, "no video_size_<rung> files");
  if (files.size() > kMaxRungs) return video_error(v.name, "too many rungs");
  std::vector<std::vector<double>> per_rung;
  for (size_t r = 0; r < files.size(); ++r) {
    std::vector<double> sizes;
    int line_no = 0;
    for (std::string_view line : media::split_lines(files[r])) {
      ++line_no;
      line = media::trim(line);
      if (line.empty()) continue;
      auto fields = media::split_whitespace(line);
      auto bytes = media::parse_uint64(fields.front());
      if (!bytes || *bytes > (uint64_t{1} << 40))
        return video_error(v.name, "video_size_" + std::to_string(r) + " line " + std::to_string(line_no) +
                                       ": expected a byte count");
      if (sizes.size() >= kMaxSegments) return video_error(v.name, "too many segments");
      sizes.push_back(static_cast<double>(*bytes));
    }
    if (sizes.size() < 2) return video_error(v.name, "video_size_" + std::to_string(r) + " needs at least two chunks");
    if (!per_rung.empty() && sizes.size() != per_rung.front().size())
      return video_error(v.name, "video_size_" + std::to_string(r) + " has " + std::to_string(sizes.size()) +
                                     " chunks, video_size_0 has " + std::to_string(per_rung.front().size()));
    per_rung.push_back(std::move(sizes));
  }
  const size_t rows = per_rung.front().size();
  if (rows * files.size() > kMaxCells) return video_error(v.name, "too many segments");
  v.played_segments = rows - 1;  // the last line is the partial final chunk
  v.durations_s.assign(v.played_segments, kPensieveChunkS);
  for (size_t row = 0; row < rows; ++row)
    for (size_t r = 0; r < files.size(); ++r) v.sizes_bytes.push_back(per_rung[r][row]);
  if (files.size() == std::size(kPensieveLadderKbps)) {
    for (double kbps : kPensieveLadderKbps) v.bitrates_bps.push_back(kbps * 1000);
  } else {
    for (size_t r = 0; r < files.size(); ++r) {
      double bytes = 0;
      for (size_t row = 0; row < v.played_segments; ++row) bytes += per_rung[r][row];
      v.bitrates_bps.push_back(std::round(bytes * 8 / (kPensieveChunkS * static_cast<double>(v.played_segments))));
    }
  }
  DS_RETURN_IF_ERROR(validate(v));
  return v;
}

media::Result<VideoModel> load_pensieve_dir(const std::filesystem::path& dir) {
  std::vector<std::string> texts;
  for (size_t r = 0; r < kMaxRungs; ++r) {
    auto path = dir / ("video_size_" + std::to_string(r));
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) break;
    auto text = media::read_file(path, 64u << 20);
    if (!text.ok()) return text.error();
    texts.push_back(std::move(text).value());
  }
  std::vector<std::string_view> views(texts.begin(), texts.end());
  return parse_pensieve_sizes(views, dir.filename().empty() ? dir.parent_path().filename().string()
                                                             : dir.filename().string());
}

media::Result<VideoModel> parse_sabre_movie(std::string_view json, std::string name) {
  VideoModel v;
  v.name = std::move(name);
  auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return video_error(v.name, "not valid JSON");
  if (!doc.is_object()) return video_error(v.name, "expected a JSON object");
  auto number = [](const nlohmann::json& j) -> std::optional<double> {
    if (!j.is_number()) return std::nullopt;
    double d = j.get<double>();
    if (!std::isfinite(d)) return std::nullopt;
    return d;
  };
  if (!doc.contains("segment_duration_ms") || !number(doc["segment_duration_ms"]) ||
      !(*number(doc["segment_duration_ms"]) > 0))
    return video_error(v.name, "needs a positive segment_duration_ms");
  const double duration_s = *number(doc["segment_duration_ms"]) / 1000;
  if (!doc.contains("bitrates_kbps") || !doc["bitrates_kbps"].is_array() || doc["bitrates_kbps"].empty())
    return video_error(v.name, "needs a non-empty bitrates_kbps array");
  if (doc["bitrates_kbps"].size() > kMaxRungs) return video_error(v.name, "too many rungs");
  for (const auto& b : doc["bitrates_kbps"]) {
    auto kbps = number(b);
    if (!kbps) return video_error(v.name, "bitrates_kbps holds a non-number");
    v.bitrates_bps.push_back(*kbps * 1000);
  }
  if (!doc.contains("segment_sizes_bits") || !doc["segment_sizes_bits"].is_array() ||
      doc["segment_sizes_bits"].empty())
    return video_error(v.name, "needs a non-empty segment_sizes_bits array");
  const auto& segments = doc["segment_sizes_bits"];
  if (segments.size() * v.rungs() > kMaxCells) return video_error(v.name, "too many segments");
  for (size_t i = 0; i < segments.size(); ++i) {
    const auto& row = segments[i];
    if (!row.is_array() || row.size() != v.rungs())
      return video_error(v.name, "segment " + std::to_string(i) + " needs one size per rung (" +
                                     std::to_string(v.rungs()) + ")");
    for (const auto& bits : row) {
      auto b = number(bits);
      if (!b || *b < 0) return video_error(v.name, "segment " + std::to_string(i) + " holds a bad size");
      v.sizes_bytes.push_back(*b / 8);
    }
  }
  v.played_segments = segments.size();
  v.durations_s.assign(v.played_segments, duration_s);
  DS_RETURN_IF_ERROR(validate(v));
  return v;
}

media::Result<VideoModel> load_presentation(const std::filesystem::path& mpd_path) {
  const std::string name = mpd_path.parent_path().filename().string();
  auto mpd = media::read_mpd_file(mpd_path);
  if (!mpd.ok()) return mpd.error();
  if (mpd->periods.empty()) return video_error(name, "MPD has no Period");
  const auto& period = mpd->periods.front();
  std::optional<size_t> set_index;
  for (size_t i = 0; i < period.adaptation_sets.size() && !set_index; ++i) {
    const auto& set = period.adaptation_sets[i];
    const auto& mime = set.common.mime_type;
    bool video = (set.content_type && *set.content_type == "video") || (mime && mime->rfind("video/", 0) == 0);
    for (const auto& rep : set.representations)
      if (rep.common.mime_type && rep.common.mime_type->rfind("video/", 0) == 0) video = true;
    if (video) set_index = i;
  }
  if (!set_index) return video_error(name, "MPD has no video AdaptationSet in its first Period");
  const auto& set = period.adaptation_sets[*set_index];
  if (set.representations.empty()) return video_error(name, "video AdaptationSet has no Representation");

  const auto json_path = mpd_path.parent_path() / "segments.json";
  auto meta = media::read_segments_json_file(json_path);
  if (!meta.ok()) return meta.error().with_context("segment sizes for '" + mpd_path.string() + "'");

  std::vector<size_t> order(set.representations.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return set.representations[a].bandwidth < set.representations[b].bandwidth;
  });
  VideoModel v;
  v.name = name;
  std::vector<const media::RepresentationMetadata*> metas;
  std::vector<double> durations;
  for (size_t i : order) {
    const auto& rep = set.representations[i];
    v.bitrates_bps.push_back(static_cast<double>(rep.bandwidth));
    const auto* m = meta->find(rep.id);
    if (m == nullptr) return video_error(name, "segments.json lacks representation '" + rep.id + "'");
    metas.push_back(m);
    if (durations.empty()) {
      auto resolved = media::resolve_representation(*mpd, 0, *set_index, i, mpd_path.string());
      if (resolved.ok() && !resolved->segments.empty()) {
        for (const auto& s : resolved->segments) durations.push_back(s.duration_s());
      } else {
        for (const auto& s : m->segments) durations.push_back(s.duration_s);  // SegmentBase: no sidx read here
      }
    }
  }
  size_t count = durations.size();
  for (const auto* m : metas) count = std::min(count, m->segments.size());
  if (count == 0) return video_error(name, "no segments");
  bool have_psnr = true;
  for (const auto* m : metas)
    for (size_t k = 0; k < count; ++k) have_psnr = have_psnr && m->segments[k].psnr_db.has_value();
  for (size_t k = 0; k < count; ++k)
    for (const auto* m : metas) {
      v.sizes_bytes.push_back(static_cast<double>(m->segments[k].size_bytes));
      if (have_psnr) v.psnr_db.push_back(*m->segments[k].psnr_db);
    }
  v.durations_s.assign(durations.begin(), durations.begin() + static_cast<ptrdiff_t>(count));
  v.played_segments = count;
  DS_RETURN_IF_ERROR(validate(v));
  return v;
}

media::Result<VideoModel> load_video(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    if (std::filesystem::exists(path / "video_size_0", ec)) return load_pensieve_dir(path);
    if (std::filesystem::exists(path / "manifest.mpd", ec)) return load_presentation(path / "manifest.mpd");
    return media::make_error(media::ErrorCode::kNotFound,
                             "video '" + path.string() + "': no video_size_0 or manifest.mpd in the directory");
  }
  if (path.extension() == ".mpd") return load_presentation(path);
  auto text = media::read_file(path, 64u << 20);
  if (!text.ok()) return text.error();
  return parse_sabre_movie(*text, path.stem().string());
}

}  // namespace sim
