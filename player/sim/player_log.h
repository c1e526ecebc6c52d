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
#include "player/sim/link_check.h"
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
  std::vector<size_t> video_indices;  // segment index of each chunk of `session`
  // The summary's "missing_segments" ("video 3", ...): segments a browser
  // session never played (tests/interop/session-log.mjs).
  std::vector<std::string> missing_segments;
  // Every transfer of the session for the delivered-rate check: the
  // "download" records when the log has them (browser sessions: MPD, init
  // and unplayed segments too), else the delivered segments of every stream.
  std::vector<Transfer> transfers;
  std::optional<double> wasted_bytes;    // summary's "wasted_bytes" (browser sessions)
  std::optional<double> frames_dropped;  // summary's "frames_dropped", when it decoded frames
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

// The bench's metrics (metrics.h) of the log's video chunks against `video`
// (whose ladder must be the log's), except start-up, which is the player's
// measured delay when it has one (MPD fetch, init segments and the start-up
// buffer included), else chunk 0's download time; wasted bytes and dropped
// frames when the log has them. The one-argument form uses ladder_video().
SessionMetrics player_log_metrics(const PlayerLog& log, const VideoModel& video);
SessionMetrics player_log_metrics(const PlayerLog& log);

}  // namespace sim
