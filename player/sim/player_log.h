// One dash-player session log (`dash-player --log FILE`: JSON lines, see
// player/session/event_log.h) turned into the simulator's per-session result,
// so that emulated sessions get exactly the bench's metrics and reports.
// Pure parsing: no state, safe to call from any thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/error.h"
#include "player/sim/metrics.h"
#include "player/sim/session_result.h"
#include "player/sim/video_model.h"

namespace sim {

struct PlayerLog {
  std::string url;                  // the presentation the player streamed (summary line)
  std::string abr;                  // the algorithm the player reported (summary line)
  std::vector<double> ladder_bps;   // video ladder, ascending (summary line's rungs)
  double segment_duration_s = 0;    // mean media duration of the delivered video segments
  std::optional<double> startup_s;  // player's start-up delay: session start → playing (null: never played)
  double mean_throughput_bps = 0;   // bits / download time over the delivered video segments
  size_t skipped_segments = 0;      // video segments still missing after every retry (not in `session`)
  // One chunk per delivered video segment, in download order: rung, bytes,
  // request_s = t − download time, delay_s = download time, rebuffer_s,
  // buffer_s = buffer after, estimate_bps; `abandoned` from "abandon" events.
  SessionResult session;
};

// `source` names the log in errors ("<source>:<line>: ..."). Errors: a line
// that is not a JSON object, a segment record lacking a field, a last line cut
// off mid-way, no video segment, no summary line (session did not finish), a
// rung outside the ladder or whose bitrate differs from the ladder's.
media::Result<PlayerLog> parse_player_log(std::string_view text, const std::string& source);
media::Result<PlayerLog> read_player_log(const std::filesystem::path& path);

// The ladder as a VideoModel: enough for metrics and reports (no sizes).
VideoModel ladder_video(const PlayerLog& log, const std::string& name);

// The bench's metrics (metrics.h) of the log's video chunks, except start-up,
// which is the player's measured delay when it has one (MPD fetch, init
// segments and the start-up buffer included), else chunk 0's download time.
SessionMetrics player_log_metrics(const PlayerLog& log);

}  // namespace sim
