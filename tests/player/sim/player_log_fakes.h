// Hand-made dash-player session logs (the JSON lines of
// player/session/event_log.cc) for the --player-logs tests.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace sim::testing {

struct FakeChunk {
  unsigned rung = 0;
  double rebuffer_s = 0;
  double download_ms = 1000;
  double size_bytes = 100000;
};

inline std::string fake_segment_line(const std::string& stream, size_t index, const FakeChunk& c, double bitrate_bps,
                                     double t_s) {
  char line[512];
  std::snprintf(line, sizeof line,
                "{\"type\":\"segment\",\"t\":%.3f,\"stream\":\"%s\",\"index\":%zu,\"rung\":%u,\"representation\":"
                "\"r%u\",\"bitrate\":%.0f,\"bytes\":%.0f,\"ttfb_ms\":20,\"download_ms\":%.3f,\"throughput_bps\":0,"
                "\"buffer_before_s\":0,\"buffer_after_s\":%.3f,\"estimate_bps\":1000000,\"media_start_s\":%.1f,"
                "\"media_duration_s\":4,\"rebuffer_s\":%.3f,\"skipped\":false,\"abr_reason\":\"test\"}\n",
                t_s, stream.c_str(), index, c.rung, c.rung, bitrate_bps, c.size_bytes, c.download_ms,
                4.0 + static_cast<double>(index), 4.0 * static_cast<double>(index), c.rebuffer_s);
  return line;
}

inline std::string fake_summary_line(const std::vector<double>& ladder_bps, const std::string& startup_s = "1.5") {
  std::string rungs;
  for (size_t r = 0; r < ladder_bps.size(); ++r)
    rungs += (r ? "," : "") + std::string("{\"representation\":\"r") + std::to_string(r) +
             "\",\"bitrate\":" + std::to_string(static_cast<long long>(ladder_bps[r])) + ",\"media_s\":0}";
  return "{\"type\":\"summary\",\"url\":\"http://127.0.0.1:1/p/manifest.mpd\",\"abr\":\"test\",\"startup_s\":" +
         startup_s + ",\"rungs\":[" + rungs + "],\"qoe_lin\":0}\n";
}

// A finished session: a start event, one video and one audio segment per
// chunk, a stall event, and the summary line.
inline std::string fake_player_log(const std::vector<FakeChunk>& chunks, const std::vector<double>& ladder_bps,
                                   const std::string& startup_s = "1.5") {
  std::string log = "{\"type\":\"event\",\"t\":0.01,\"event\":\"loaded\",\"abr\":\"test\"}\n";
  double t_s = 0;
  for (size_t i = 0; i < chunks.size(); ++i) {
    t_s += chunks[i].download_ms / 1000;
    log += fake_segment_line("video", i, chunks[i], ladder_bps[chunks[i].rung], t_s);
    log += fake_segment_line("audio", i, FakeChunk{0, 0, 50, 64000}, 128000, t_s + 0.05);
    if (chunks[i].rebuffer_s > 0)
      log += "{\"type\":\"event\",\"t\":" + std::to_string(t_s) + ",\"event\":\"stall_start\",\"position_s\":8}\n";
  }
  return log + fake_summary_line(ladder_bps, startup_s);
}

}  // namespace sim::testing
