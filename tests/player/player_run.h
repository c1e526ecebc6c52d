// Runs the real dash-player binary for an integration test and reads back
// what it wrote: exit code, console output, the JSON summary, and the
// segment and event records of its --log.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/process.h"

namespace player_test {

struct PlayerRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
  nlohmann::json summary;
  std::vector<nlohmann::json> segments;  // every stream's segment records, in order
  std::vector<nlohmann::json> events;

  std::vector<nlohmann::json> segments_of(const std::string& stream) const {
    std::vector<nlohmann::json> out;
    for (const auto& s : segments)
      if (s.value("stream", "") == stream) out.push_back(s);
    return out;
  }
  std::vector<nlohmann::json> events_named(const std::string& name) const {
    std::vector<nlohmann::json> out;
    for (const auto& e : events)
      if (e.value("event", "") == name) out.push_back(e);
    return out;
  }
};

inline std::filesystem::path player_binary() { return testing_support::binary_dir() / "player/dash-player"; }

// `dash-player --headless --json --log LOG ARGS URL`; `env` prefixes the command (e.g. "SDL_AUDIODRIVER=dummy").
inline PlayerRun run_player(const std::string& url, const std::string& args, const std::filesystem::path& log,
                            const std::string& env = "") {
  PlayerRun p;
  auto r = testing_support::run_command(env + (env.empty() ? "" : " ") +
                                        testing_support::shell_quote(player_binary().string()) +
                                        " --headless --json --log " + testing_support::shell_quote(log.string()) +
                                        " " + args + " " + testing_support::shell_quote(url));
  p.exit_code = r.exit_code;
  p.output = r.output;
  std::ifstream in(log);
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    if (j["type"] == "summary") p.summary = j;
    else if (j["type"] == "segment") p.segments.push_back(j);
    else if (j["type"] == "event") p.events.push_back(j);
  }
  return p;
}

}  // namespace player_test
