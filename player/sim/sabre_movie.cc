#include "player/sim/sabre_movie.h"

#include <nlohmann/json.hpp>

#include "media/file_io.h"

namespace sim {
namespace {

constexpr size_t kSabreMaxRungs = 64;
constexpr size_t kMaxSegments = 1'000'000;

media::Error movie_error(const std::string& name, const std::string& message) {
  return media::make_error(media::ErrorCode::kParse, "Sabre movie '" + name + "': " + message);
}

bool positive_number(const nlohmann::json& j) { return j.is_number() && j.get<double>() > 0; }

}  // namespace

media::Result<VideoModel> parse_sabre_movie(std::string_view text, std::string name) {
  const auto root = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return movie_error(name, "not valid JSON");
  if (!root.is_object()) return movie_error(name, "expected a JSON object");
  const auto duration = root.find("segment_duration_ms");
  const auto bitrates = root.find("bitrates_kbps");
  const auto segments = root.find("segment_sizes_bits");
  if (duration == root.end() || !positive_number(*duration))
    return movie_error(name, "needs a positive \"segment_duration_ms\"");
  if (bitrates == root.end() || !bitrates->is_array() || bitrates->empty() || bitrates->size() > kSabreMaxRungs)
    return movie_error(name, "needs \"bitrates_kbps\": an array of 1 to 64 numbers");
  if (segments == root.end() || !segments->is_array() || segments->size() < 2 || segments->size() > kMaxSegments)
    return movie_error(name, "needs \"segment_sizes_bits\": an array of at least two segments");

  VideoModel v;
  v.name = std::move(name);
  v.segment_duration_s = duration->get<double>() / 1000;
  for (size_t r = 0; r < bitrates->size(); ++r) {
    const auto& b = (*bitrates)[r];
    if (!positive_number(b)) return movie_error(v.name, "bitrates_kbps[" + std::to_string(r) + "] is not a positive number");
    v.bitrates_bps.push_back(b.get<double>() * 1000);
    if (r > 0 && !(v.bitrates_bps[r] > v.bitrates_bps[r - 1]))
      return movie_error(v.name, "bitrates_kbps must be ascending (rung " + std::to_string(r) + ")");
  }
  v.sizes_bytes.reserve(segments->size() * v.rungs());
  for (size_t i = 0; i < segments->size(); ++i) {
    const auto& row = (*segments)[i];
    if (!row.is_array() || row.size() != v.rungs())
      return movie_error(v.name, "segment_sizes_bits[" + std::to_string(i) + "] needs " + std::to_string(v.rungs()) +
                                     " sizes, one per rung");
    for (size_t r = 0; r < row.size(); ++r) {
      if (!positive_number(row[r]))
        return movie_error(v.name, "segment_sizes_bits[" + std::to_string(i) + "][" + std::to_string(r) +
                                       "] is not a positive number");
      v.sizes_bytes.push_back(row[r].get<double>() / 8);
    }
  }
  v.segment_count = v.rows();
  return v;
}

media::Result<VideoModel> read_sabre_movie(const std::filesystem::path& path) {
  auto text = media::read_file(path);
  if (!text) return text.error();
  return parse_sabre_movie(text.value(), path.filename().string());
}

}  // namespace sim
