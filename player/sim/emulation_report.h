// dash-abr-bench --player-logs: the report of emulated sessions (real
// players' logs, emulation_results.h), checked against the traces and the
// presentation when given, with simulated algorithms on the same traces and
// video as extra rows ("sim:NAME"), so one table and one CDF show them all.
#pragma once

#include <string>
#include <vector>

#include "player/sim/bench.h"

namespace sim {

struct PlayerLogsRequest {
  std::string logs_dir;                  // DIR/<algorithm or player>/<trace>.jsonl (or <trace>/<player>.jsonl)
  std::string out_dir;                   // report files; empty: table only
  std::vector<std::string> trace_paths;  // the traces the origin followed (delivered-rate check)
  std::string video_path;                // the presentation the players streamed
  std::vector<std::string> simulate;     // algorithms to simulate too (needs traces and video)
  BenchOptions options;                  // the simulation's model (options.link: its players per link)
  // Players that shared a link in the logs (DIR/<algorithm>/<trace>/<player>.jsonl):
  // player k joined k × this after the first (the tables; the link's delivered-rate check).
  double join_every_s = 2;
};

// Prints the table and one delivered-rate line per checked session, writes
// the reports; every failed session gets one stderr line. Returns the exit
// status: 0 when every session passed, 1 otherwise.
int report_player_logs(const PlayerLogsRequest& request);

}  // namespace sim
