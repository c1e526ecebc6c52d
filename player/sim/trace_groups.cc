#include "player/sim/trace_groups.h"

#include <filesystem>

#include "media/net_trace.h"
#include "media/text.h"
#include "player/sim/video_source.h"

namespace sim {
namespace {

media::Error bad(const std::string& message) { return media::make_error(media::ErrorCode::kInvalidArgument, message); }

media::Result<TraceGroup> load_group(std::string name, const std::string& video_path,
                                     const std::vector<std::string>& paths, const std::string& subset) {
  TraceGroup g;
  g.name = std::move(name);
  g.sources = paths;
  g.video_path = video_path;
  auto video = load_video(video_path);
  if (!video) return video.error();
  g.video = std::move(video.value());
  std::vector<media::NetworkTrace> traces;
  for (const auto& path : paths) {
    auto read = media::read_traces(path);
    if (!read) return read.error();
    for (auto& t : read.value()) traces.push_back(std::move(t));
  }
  if (subset != "all") {
    std::vector<media::NetworkTrace> kept;
    for (size_t i = subset == "even" ? 0 : 1; i < traces.size(); i += 2) kept.push_back(std::move(traces[i]));
    traces = std::move(kept);
  }
  if (traces.empty()) return bad("no traces found in group '" + g.name + "'");
  g.traces = prepare_traces(std::move(traces));
  return g;
}

// The last component of a path, ignoring a trailing slash.
std::string last_component(const std::string& path) {
  const std::filesystem::path p(path);
  const std::string name = p.filename().string();
  return name.empty() ? p.parent_path().filename().string() : name;
}

}  // namespace

media::Result<std::vector<TraceGroup>> load_trace_groups(const std::vector<std::string>& trace_paths,
                                                         const std::string& video_path,
                                                         const std::vector<std::string>& group_specs,
                                                         const std::string& subset) {
  if (trace_paths.empty() && group_specs.empty())
    return bad("--traces (a trace file or directory) or --group NAME:VIDEO:PATH is required");
  if (!trace_paths.empty() && video_path.empty()) return bad("--video is required with --traces");
  std::vector<TraceGroup> groups;
  for (const auto& path : trace_paths) {
    auto g = load_group(last_component(path), video_path, {path}, subset);
    if (!g) return g.error();
    groups.push_back(std::move(g.value()));
  }
  for (const auto& spec : group_specs) {
    const auto parts = media::split(spec, ':');
    if (parts.size() != 3 || parts[0].empty() || parts[1].empty() || parts[2].empty())
      return bad("--group '" + spec + "': expected NAME:VIDEO:PATH[,PATH...]");
    std::vector<std::string> paths;
    for (auto p : media::split(parts[2], ','))
      if (!p.empty()) paths.emplace_back(p);
    auto g = load_group(std::string(parts[0]), std::string(parts[1]), paths, subset);
    if (!g) return g.error();
    groups.push_back(std::move(g.value()));
  }
  return groups;
}

}  // namespace sim
