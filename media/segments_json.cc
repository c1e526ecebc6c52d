#include "media/segments_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "media/file_io.h"

namespace media {
namespace {

using nlohmann::json;

Error json_error(std::string what) { return make_error(ErrorCode::kParse, "segments.json: " + std::move(what)); }

std::optional<double> number_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number()) return std::nullopt;
  double v = it->get<double>();
  if (!std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<uint64_t> uint_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number_unsigned()) return std::nullopt;
  return it->get<uint64_t>();
}

Result<SegmentMetadata> read_segment(const json& j, const std::string& where) {
  if (!j.is_object()) return json_error(where + ": segment is not an object");
  SegmentMetadata s;
  auto number = uint_field(j, "number");
  auto start = number_field(j, "start_s");
  auto duration = number_field(j, "duration_s");
  auto bytes = uint_field(j, "bytes");
  if (!number || !start || !duration || !bytes)
    return json_error(where + ": needs number, start_s, duration_s and bytes");
  if (*start < 0 || *duration <= 0) return json_error(where + ": negative start or non-positive duration");
  s.number = *number;
  s.start_s = *start;
  s.duration_s = *duration;
  s.size_bytes = *bytes;
  if (j.contains("psnr_db")) {
    s.psnr_db = number_field(j, "psnr_db");
    if (!s.psnr_db) return json_error(where + ": psnr_db is not a number");
  }
  if (j.contains("ssim")) {
    s.ssim = number_field(j, "ssim");
    if (!s.ssim) return json_error(where + ": ssim is not a number");
  }
  if (j.contains("psnr_display")) {
    s.psnr_display_db = number_field(j, "psnr_display");
    if (!s.psnr_display_db) return json_error(where + ": psnr_display is not a number");
  }
  if (j.contains("ssim_display")) {
    s.ssim_display = number_field(j, "ssim_display");
    if (!s.ssim_display) return json_error(where + ": ssim_display is not a number");
  }
  return s;
}

Result<RepresentationMetadata> read_representation_metadata(const json& j, size_t index) {
  std::string where = "representation " + std::to_string(index);
  if (!j.is_object()) return json_error(where + " is not an object");
  RepresentationMetadata r;
  auto id = j.find("id");
  if (id == j.end() || !id->is_string()) return json_error(where + " lacks a string id");
  r.id = id->get<std::string>();
  where = "representation '" + r.id + "'";
  if (auto ct = j.find("content_type"); ct != j.end() && ct->is_string()) r.content_type = ct->get<std::string>();
  r.bandwidth_bps = uint_field(j, "bandwidth").value_or(0);
  for (const char* key : {"width", "height"}) {
    if (!j.contains(key)) continue;
    auto v = uint_field(j, key);
    if (!v || *v > 0xffffffffu) return json_error(where + ": bad " + key);
    (std::string_view(key) == "width" ? r.width : r.height) = static_cast<uint32_t>(*v);
  }
  auto segs = j.find("segments");
  if (segs == j.end() || !segs->is_array()) return json_error(where + " lacks a segments array");
  r.segments.reserve(segs->size());
  for (size_t k = 0; k < segs->size(); ++k) {
    auto s = read_segment((*segs)[k], where + " segment " + std::to_string(k));
    if (!s.ok()) return s.error();
    r.segments.push_back(*s);
  }
  return r;
}

}  // namespace

const RepresentationMetadata* PresentationMetadata::find(std::string_view id) const {
  for (const auto& r : representations)
    if (r.id == id) return &r;
  return nullptr;
}

std::ostream& operator<<(std::ostream& os, const PresentationMetadata& m) { return os << write_segments_json(m); }

Result<PresentationMetadata> parse_segments_json(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return json_error("not valid JSON");
  if (!doc.is_object()) return json_error("top level is not an object");
  auto format = doc.find("format");
  if (format == doc.end() || !format->is_string() || format->get<std::string>() != kSegmentsJsonFormat)
    return json_error("format is not '" + std::string(kSegmentsJsonFormat) + "'");
  auto version = uint_field(doc, "version");
  if (!version) return json_error("lacks a version");
  if (*version != kSegmentsJsonVersion)
    return make_error(ErrorCode::kUnsupported, "segments.json: version " + std::to_string(*version) +
                                                   " is not supported (this build reads version " +
                                                   std::to_string(kSegmentsJsonVersion) + ")");
  PresentationMetadata meta;
  auto reps = doc.find("representations");
  if (reps == doc.end() || !reps->is_array()) return json_error("lacks a representations array");
  for (size_t i = 0; i < reps->size(); ++i) {
    auto r = read_representation_metadata((*reps)[i], i);
    if (!r.ok()) return r.error();
    meta.representations.push_back(std::move(r).value());
  }
  return meta;
}

std::string write_segments_json(const PresentationMetadata& meta) {
  json reps = json::array();
  for (const auto& r : meta.representations) {
    json segs = json::array();
    for (const auto& s : r.segments) {
      json js = {{"number", s.number}, {"start_s", s.start_s}, {"duration_s", s.duration_s}, {"bytes", s.size_bytes}};
      if (s.psnr_db) js["psnr_db"] = *s.psnr_db;
      if (s.ssim) js["ssim"] = *s.ssim;
      if (s.psnr_display_db) js["psnr_display"] = *s.psnr_display_db;
      if (s.ssim_display) js["ssim_display"] = *s.ssim_display;
      segs.push_back(std::move(js));
    }
    json jr = {{"id", r.id}, {"content_type", r.content_type}, {"bandwidth", r.bandwidth_bps}};
    if (r.width) jr["width"] = *r.width;
    if (r.height) jr["height"] = *r.height;
    jr["segments"] = std::move(segs);
    reps.push_back(std::move(jr));
  }
  json doc = {{"format", kSegmentsJsonFormat}, {"version", meta.version}, {"representations", std::move(reps)}};
  return doc.dump(1) + "\n";
}

Result<PresentationMetadata> read_segments_json_file(const std::filesystem::path& path) {
  auto text = read_file(path, 256u << 20);
  if (!text.ok()) return text.error();
  auto meta = parse_segments_json(*text);
  if (!meta.ok()) return meta.error().with_context("read '" + path.string() + "'");
  return meta;
}

Status write_segments_json_file(const PresentationMetadata& meta, const std::filesystem::path& path) {
  return write_file_atomic(path, write_segments_json(meta));
}

}  // namespace media
