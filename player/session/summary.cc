#include "player/session/summary.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "player/abr/qoe.h"

namespace player {

SessionSummary summarize(const SessionTally& t, const std::vector<double>& ladder_bps,
                         const std::vector<std::string>& ladder_ids) {
  SessionSummary s;
  std::map<size_t, RungTime> rungs;
  for (size_t r = 0; r < ladder_bps.size(); ++r) rungs[r] = {ladder_ids[r], ladder_bps[r], 0};
  for (const auto& [rung, media_s] : t.rung_media_s) rungs[rung].media_s += media_s;
  for (auto& [rung, time] : rungs) s.rungs.push_back(time);
  s.video_segments = t.video_segments;
  s.audio_segments = t.audio_segments;
  s.skipped_segments = t.skipped_segments;
  if (t.media_s > 0) s.avg_bitrate_bps = t.weighted_bits / t.media_s;
  s.switches = t.switches;
  s.switch_magnitude_mbps = t.switch_magnitude_mbps;
  const abr::QoeScores q = abr::qoe_per_chunk_from_bitrates(t.chunk_bitrates_bps, t.chunk_rebuffer_s, ladder_bps);
  s.qoe_lin = q.lin;
  s.qoe_log = q.log;
  s.qoe_hd = q.hd;
  s.retries = t.retries;
  s.failovers = t.failovers;
  s.abandoned = t.abandoned;
  return s;
}

SessionSummary summarize(const std::vector<SegmentRecord>& segments, const std::vector<nlohmann::json>& events,
                         const std::vector<double>& ladder_bps, const std::vector<std::string>& ladder_ids) {
  SessionTally t;
  for (const auto& rec : segments) t.add(rec);
  for (const auto& e : events) t.add_event(e.value("event", ""));
  return summarize(t, ladder_bps, ladder_ids);
}

nlohmann::json to_json(const SessionSummary& s) {
  nlohmann::json rungs = nlohmann::json::array();
  for (const auto& r : s.rungs)
    rungs.push_back({{"representation", r.representation}, {"bitrate", r.bitrate_bps}, {"media_s", r.media_s}});
  nlohmann::json j = {{"url", s.url},
                      {"abr", s.abr},
                      {"wall_s", s.wall_s},
                      {"played_s", s.played_s},
                      {"avg_bitrate_bps", s.avg_bitrate_bps},
                      {"rungs", rungs},
                      {"stalls", s.stalls},
                      {"stall_s", s.stall_s},
                      {"switches", s.switches},
                      {"switch_magnitude_mbps", s.switch_magnitude_mbps},
                      {"qoe_lin", s.qoe_lin},
                      {"qoe_log", s.qoe_log},
                      {"qoe_hd", s.qoe_hd},
                      {"video_segments", s.video_segments},
                      {"audio_segments", s.audio_segments},
                      {"skipped_segments", s.skipped_segments},
                      {"retries", s.retries},
                      {"failovers", s.failovers},
                      {"abandoned", s.abandoned},
                      {"frames_decoded", s.frames_decoded},
                      {"frames_dropped", s.frames_dropped},
                      {"video_frames", s.video_frames},
                      {"decode_fps", s.decode_fps}};
  j["startup_s"] = s.startup_s ? nlohmann::json(*s.startup_s) : nlohmann::json(nullptr);
  j["first_frame_s"] = s.first_frame_s ? nlohmann::json(*s.first_frame_s) : nlohmann::json(nullptr);
  if (s.live) {
    auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
    j["live"] = {{"target_latency_s", s.target_latency_s}, {"latency_p50_s", opt(s.latency_p50_s)},
                 {"latency_p95_s", opt(s.latency_p95_s)}, {"prft_latency_p50_s", opt(s.prft_latency_p50_s)},
                 {"prft_latency_p95_s", opt(s.prft_latency_p95_s)}, {"jumps", s.live_jumps}, {"catchup_s", s.catchup_s},
                 {"slowdown_s", s.slowdown_s}};
  }
  return j;
}

std::string format_table(const SessionSummary& s) {
  std::ostringstream out;
  char line[256];
  auto row = [&](const char* name, const std::string& value) {
    std::snprintf(line, sizeof line, "  %-22s %s\n", name, value.c_str());
    out << line;
  };
  auto num = [](double v, const char* fmt) {
    char b[64];
    std::snprintf(b, sizeof b, fmt, v);
    return std::string(b);
  };
  out << "session summary (" << s.abr << ")\n";
  row("url", s.url);
  row("wall time", num(s.wall_s, "%.2f s"));
  row("start-up delay", s.startup_s ? num(*s.startup_s, "%.3f s") : "never started");
  if (s.first_frame_s) row("first frame", num(*s.first_frame_s, "%.3f s"));
  row("played", num(s.played_s, "%.2f s of media"));
  row("average bitrate", num(s.avg_bitrate_bps / 1e6, "%.3f Mbit/s"));
  for (const auto& r : s.rungs) {
    std::string name = "  " + r.representation;
    row(name.c_str(), num(r.bitrate_bps / 1e6, "%.3f Mbit/s: ") + num(r.media_s, "%.1f s"));
  }
  row("stalls", std::to_string(s.stalls) + num(s.stall_s, ", %.3f s in total"));
  row("switches", std::to_string(s.switches) + num(s.switch_magnitude_mbps, ", %.2f Mbit/s in total"));
  row("QoE lin/log/HD", num(s.qoe_lin, "%.4f / ") + num(s.qoe_log, "%.4f / ") + num(s.qoe_hd, "%.4f per chunk"));
  row("segments", std::to_string(s.video_segments) + " video, " + std::to_string(s.audio_segments) + " audio, " +
                      std::to_string(s.skipped_segments) + " skipped");
  row("retries/failovers", std::to_string(s.retries) + " / " + std::to_string(s.failovers) + ", " +
                               std::to_string(s.abandoned) + " abandoned");
  if (s.frames_decoded > 0)
    row("frames", std::to_string(s.video_frames) + " video decoded, " + std::to_string(s.frames_dropped) +
                      " late" + num(s.decode_fps, ", %.1f video frames/s"));
  if (s.live)
    row("live latency", (s.latency_p50_s ? num(*s.latency_p50_s, "p50 %.3f s, ") + num(s.latency_p95_s.value_or(0), "p95 %.3f s")
                                         : std::string("not measured")) +
                            num(s.target_latency_s, " (target %.2f s), ") + std::to_string(s.live_jumps) + " jumps" +
                            num(s.catchup_s, ", %.1f s faster than 1x") +
                            num(s.slowdown_s, ", %.1f s slower"));
  if (s.prft_latency_p50_s)
    row("latency from prft", num(*s.prft_latency_p50_s, "p50 %.3f s, ") + num(s.prft_latency_p95_s.value_or(0), "p95 %.3f s") +
                                 " (capture to playback, the packager's delay included)");
  return out.str();
}

}  // namespace player
