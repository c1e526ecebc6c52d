// What the live end-to-end tests (real packager or FFmpeg, origin and
// player on loopback) share: where the binaries are, and reading the
// player's --log back.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/process.h"

namespace live_e2e {

inline std::string binary(const char* path) { return (testing_support::binary_dir() / path).string(); }

// The JSON lines of a dash-player --log file (events, segments, the summary last).
inline std::vector<nlohmann::json> log_lines(const std::filesystem::path& path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

}  // namespace live_e2e
