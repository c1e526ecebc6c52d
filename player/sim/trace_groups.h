// The groups of traces a bench run compares the algorithms on, each with its
// video: one per --traces PATH (with --video), and one per
// --group NAME:VIDEO:PATH[,PATH...]. Every group gets its own table.
#pragma once

#include <string>
#include <vector>

#include "media/error.h"
#include "player/sim/bench.h"
#include "player/sim/video_model.h"

namespace sim {

struct TraceGroup {
  std::string name;                  // the --traces path's last component, or the --group name
  std::vector<std::string> sources;  // the paths its traces came from
  std::string video_path;            // what `video` was read from
  VideoModel video;
  std::vector<BenchTrace> traces;    // in name order (per source), after the subset
};

// `subset`: "all", "even" or "odd" (every other trace of each group, in order).
// Errors name the bad argument: no group at all, --traces without --video, a
// malformed --group, an unreadable video or trace, a group left empty.
media::Result<std::vector<TraceGroup>> load_trace_groups(const std::vector<std::string>& trace_paths,
                                                         const std::string& video_path,
                                                         const std::vector<std::string>& group_specs,
                                                         const std::string& subset);

}  // namespace sim
