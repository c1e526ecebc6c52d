#include "player/sim/pensieve_video.h"

#include <cmath>
#include <string>

#include "media/file_io.h"
#include "media/text.h"

namespace sim {
namespace {

constexpr abr::Resolution kPensieveResolutions[] = {{320, 180},  {640, 360},   {768, 432},
                                                    {1024, 576}, {1280, 720}, {1920, 1080}};
constexpr size_t kMaxRungs = 64;

media::Error video_error(std::string message) {
  return media::make_error(media::ErrorCode::kParse, std::move(message));
}

}  // namespace

media::Result<std::vector<double>> parse_pensieve_sizes(std::string_view text) {
  std::vector<double> sizes;
  size_t line_number = 0;
  for (std::string_view line : media::split_lines(text)) {
    ++line_number;
    line = media::trim(line);
    if (line.empty()) continue;
    const auto fields = media::split_whitespace(line);
    const auto bytes = media::parse_uint64(fields.front());
    if (!bytes || *bytes == 0 || *bytes > (uint64_t{1} << 40))
      return video_error("line " + std::to_string(line_number) + ": expected a chunk size in bytes, got '" +
                         std::string(fields.front()) + "'");
    sizes.push_back(static_cast<double>(*bytes));
  }
  if (sizes.empty()) return video_error("no chunk sizes");
  return sizes;
}

media::Result<VideoModel> pensieve_video_from_texts(const std::vector<std::string_view>& texts,
                                                    const PensieveVideoOptions& options, std::string name) {
  if (texts.empty()) return video_error(name + ": no video_size_<rung> files");
  if (texts.size() > kMaxRungs) return video_error(name + ": more than 64 rungs");
  if (!(options.segment_duration_s > 0)) return video_error(name + ": segment duration must be positive");
  std::vector<std::vector<double>> columns;
  for (size_t r = 0; r < texts.size(); ++r) {
    auto sizes = parse_pensieve_sizes(texts[r]);
    if (!sizes) return sizes.error().with_context(name + ": video_size_" + std::to_string(r));
    if (!columns.empty() && sizes.value().size() != columns.front().size())
      return video_error(name + ": video_size_" + std::to_string(r) + " has " + std::to_string(sizes.value().size()) +
                         " chunks, video_size_0 has " + std::to_string(columns.front().size()));
    columns.push_back(std::move(sizes.value()));
  }
  const size_t rows = columns.front().size();
  const size_t played = options.drop_last_chunk && rows > 1 ? rows - 1 : rows;
  if (played < 2) return video_error(name + ": needs at least two playable chunks");

  VideoModel v;
  v.name = std::move(name);
  v.segment_duration_s = options.segment_duration_s;
  v.segment_count = played;
  if (!options.ladder_bps.empty()) {
    if (options.ladder_bps.size() != texts.size())
      return video_error(v.name + ": the ladder has " + std::to_string(options.ladder_bps.size()) + " rungs, the files " +
                         std::to_string(texts.size()));
    v.bitrates_bps = options.ladder_bps;
  } else if (texts.size() == std::size(kPensieveLadderBps)) {
    v.bitrates_bps.assign(std::begin(kPensieveLadderBps), std::end(kPensieveLadderBps));
    v.resolutions.assign(std::begin(kPensieveResolutions), std::end(kPensieveResolutions));
  } else {
    // No ladder given: the mean rate of the played chunks, to the kbit/s.
    for (const auto& column : columns) {
      double bytes = 0;
      for (size_t i = 0; i < played; ++i) bytes += column[i];
      v.bitrates_bps.push_back(std::round(bytes * 8 / (static_cast<double>(played) * v.segment_duration_s) / 1000) *
                               1000);
    }
  }
  for (size_t r = 1; r < v.bitrates_bps.size(); ++r)
    if (!(v.bitrates_bps[r] > v.bitrates_bps[r - 1]))
      return video_error(v.name + ": rung " + std::to_string(r) + " is not above rung " + std::to_string(r - 1));
  if (!(v.bitrates_bps.front() > 0)) return video_error(v.name + ": bitrates must be positive");
  v.sizes_bytes.resize(rows * v.rungs());
  for (size_t i = 0; i < rows; ++i)
    for (size_t r = 0; r < v.rungs(); ++r) v.sizes_bytes[i * v.rungs() + r] = columns[r][i];
  return v;
}

media::Result<VideoModel> read_pensieve_video(const std::filesystem::path& dir, const PensieveVideoOptions& options) {
  std::vector<std::string> contents;
  for (size_t r = 0; r < kMaxRungs; ++r) {
    const auto path = dir / ("video_size_" + std::to_string(r));
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) break;
    auto text = media::read_file(path, 64u << 20);
    if (!text) return text.error();
    contents.push_back(std::move(text.value()));
  }
  std::vector<std::string_view> views(contents.begin(), contents.end());
  return pensieve_video_from_texts(views, options, dir.filename().empty() ? dir.parent_path().filename().string()
                                                                          : dir.filename().string());
}

}  // namespace sim
