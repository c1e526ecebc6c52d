#include "player/sim/player_log.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "media/file_io.h"

namespace sim {
namespace {

using nlohmann::json;

// A rung's logged bitrate may differ from the ladder's by float printing only.
constexpr double kBitrateToleranceBps = 0.5;

struct LineError {
  const std::string& source;
  size_t line;
  media::Error operator()(const std::string& what) const {
    return media::make_error(media::ErrorCode::kParse, source + ":" + std::to_string(line) + ": " + what);
  }
};

std::optional<double> number(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

// A string field, or `fallback` when absent or not a string (never throws).
std::string string_field(const json& j, const char* key, const std::string& fallback = "") {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// Fields a segment record must have to become a chunk.
constexpr const char* kRequiredNumbers[] = {"index", "rung", "bitrate", "download_ms", "media_duration_s",
                                            "rebuffer_s"};

struct VideoSegment {
  size_t line = 0;
  double index = 0, rung = 0, bitrate_bps = 0, download_ms = 0, media_duration_s = 0;
  ChunkRecord chunk;
};

media::Result<VideoSegment> parse_segment(const json& j, const LineError& error) {
  for (const char* key : kRequiredNumbers)
    if (!number(j, key)) return error(std::string("segment record lacks numeric \"") + key + "\"");
  VideoSegment s;
  s.line = error.line;
  s.index = *number(j, "index");
  s.rung = *number(j, "rung");
  s.bitrate_bps = *number(j, "bitrate");
  s.download_ms = *number(j, "download_ms");
  s.media_duration_s = *number(j, "media_duration_s");
  if (s.rung < 0 || s.rung != std::floor(s.rung)) return error("segment record has a bad rung");
  if (s.download_ms < 0 || s.media_duration_s <= 0) return error("segment record has a negative duration");
  ChunkRecord& c = s.chunk;
  c.rung = static_cast<uint32_t>(s.rung);
  c.size_bytes = number(j, "bytes").value_or(0);
  c.delay_s = s.download_ms / 1000;
  c.transfer_s = std::max(0.0, (s.download_ms - number(j, "ttfb_ms").value_or(s.download_ms)) / 1000);
  c.request_s = std::max(0.0, number(j, "t").value_or(0) - c.delay_s);
  c.rebuffer_s = *number(j, "rebuffer_s");
  c.buffer_s = number(j, "buffer_after_s").value_or(0);
  c.estimate_bps = number(j, "estimate_bps").value_or(0);
  return s;
}

struct Summary {
  size_t line = 0;
  json value;
};

// Checks the ladder of the summary line and every segment's rung against it.
media::Status apply_ladder(const Summary& summary, const std::vector<VideoSegment>& segments,
                           const std::string& source, PlayerLog& log) {
  const LineError error{source, summary.line};
  const auto rungs = summary.value.find("rungs");
  if (rungs == summary.value.end() || !rungs->is_array() || rungs->empty())
    return error("summary line lacks the video ladder (\"rungs\")");
  for (const auto& r : *rungs) {
    const auto bps = r.is_object() ? number(r, "bitrate") : std::nullopt;
    if (!bps || *bps <= 0) return error("summary ladder has a rung without a positive \"bitrate\"");
    if (!log.ladder_bps.empty() && *bps <= log.ladder_bps.back()) return error("summary ladder is not ascending");
    log.ladder_bps.push_back(*bps);
  }
  for (const auto& s : segments) {
    const LineError at{source, s.line};
    if (s.chunk.rung >= log.ladder_bps.size())
      return at("rung " + std::to_string(s.chunk.rung) + " is outside the ladder of " +
                std::to_string(log.ladder_bps.size()) + " rungs");
    if (std::fabs(log.ladder_bps[s.chunk.rung] - s.bitrate_bps) > kBitrateToleranceBps)
      return at("rung " + std::to_string(s.chunk.rung) + " has bitrate " + std::to_string(s.bitrate_bps) +
                " but the ladder says " + std::to_string(log.ladder_bps[s.chunk.rung]));
  }
  return {};
}

}  // namespace

media::Result<PlayerLog> parse_player_log(std::string_view text, const std::string& source) {
  PlayerLog log;
  std::vector<VideoSegment> segments;
  std::map<double, uint32_t> abandoned_by_index;
  std::optional<Summary> summary;
  size_t line_number = 0;
  for (size_t pos = 0; pos < text.size();) {
    const size_t end = text.find('\n', pos);
    const bool complete = end != std::string_view::npos;
    const std::string_view line = text.substr(pos, complete ? end - pos : std::string_view::npos);
    pos = complete ? end + 1 : text.size();
    ++line_number;
    const LineError error{source, line_number};
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded())
      return error(complete ? "not a JSON line" : "last line is cut off (truncated log)");
    if (!j.is_object()) return error("not a JSON object");
    const auto type = j.find("type");
    if (type == j.end() || !type->is_string()) return error("record lacks a string \"type\"");
    if (*type == "segment") {
      const auto stream = j.find("stream");
      if (stream == j.end() || !stream->is_string()) return error("segment record lacks a string \"stream\"");
      if (*stream != "video") continue;
      if (const auto skipped = j.find("skipped"); skipped != j.end() && skipped->is_boolean() && skipped->get<bool>()) {
        ++log.skipped_segments;
        continue;
      }
      auto segment = parse_segment(j, error);
      if (!segment.ok()) return segment.error();
      segments.push_back(std::move(segment).value());
    } else if (*type == "event") {
      if (string_field(j, "event") == "abandon" && string_field(j, "stream", "video") == "video")
        if (const auto index = number(j, "index")) ++abandoned_by_index[*index];
    } else if (*type == "summary") {
      summary = Summary{line_number, j};
    }
  }
  if (line_number == 0) return media::make_error(media::ErrorCode::kParse, source + ": empty log");
  if (segments.empty()) return LineError{source, line_number}("no video segment records");
  if (!summary) return LineError{source, line_number}("no summary line (the session did not finish)");
  DS_RETURN_IF_ERROR(apply_ladder(*summary, segments, source, log));
  log.url = string_field(summary->value, "url");
  log.abr = string_field(summary->value, "abr");
  log.startup_s = number(summary->value, "startup_s");

  double media_s = 0, bits = 0, download_s = 0;
  for (auto& s : segments) {
    if (const auto it = abandoned_by_index.find(s.index); it != abandoned_by_index.end()) {
      s.chunk.abandoned = it->second;
      abandoned_by_index.erase(it);  // a later re-download of the same index is a new chunk
    }
    media_s += s.media_duration_s;
    bits += s.chunk.size_bytes * 8;
    download_s += s.chunk.delay_s;
    log.session.chunks.push_back(s.chunk);
  }
  log.segment_duration_s = media_s / static_cast<double>(segments.size());
  log.mean_throughput_bps = download_s > 0 ? bits / download_s : 0;
  return log;
}

media::Result<PlayerLog> read_player_log(const std::filesystem::path& path) {
  auto contents = media::read_file(path);
  if (!contents.ok()) return contents.error();
  return parse_player_log(contents.value(), path.string());
}

VideoModel ladder_video(const PlayerLog& log, const std::string& name) {
  VideoModel v;
  v.name = name;
  v.segment_duration_s = log.segment_duration_s;
  v.bitrates_bps = log.ladder_bps;
  v.segment_count = log.session.chunks.size();
  return v;
}

SessionMetrics player_log_metrics(const PlayerLog& log) {
  const VideoModel video = ladder_video(log, log.url);
  SessionMetrics m = session_metrics(log.session, video, QoeScales(video));
  if (log.startup_s) m.startup_s = *log.startup_s;
  return m;
}

}  // namespace sim
