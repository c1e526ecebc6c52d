// The player model of dash-abr-bench (--model player): the player's own
// streaming session (player::Session: scheduling, buffer, start-up and
// rebuffer targets, the algorithm's waits, abandonment with the safety net,
// retries, audio beside video) on a ManualClock and a VirtualNetwork that
// plays the trace. Nothing is decoded and no byte is made: the network
// answers with sizes. What is simulated is the code that plays; only the
// network model and the decoder differ from a real session.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>

#include "media/error.h"
#include "media/net_trace.h"
#include "player/abr/algorithm.h"
#include "player/session/event_log.h"
#include "player/session/presentation.h"
#include "player/session/session.h"
#include "player/sim/session_result.h"
#include "player/sim/video_model.h"

namespace sim {

struct PlayerModelOptions {
  double buffer_cap_s = 25;           // the player's --max-buffer (Sabre's default, as the request model)
  double startup_target_s = 1.0;      // the player's defaults
  double rebuffer_target_s = 2.0;
  double latency_scale = 1;           // multiplies the trace's latencies
  double progress_interval_s = 0.1;   // how often the network reports progress (the player judges downloads this often)
  uint64_t seed = 1;                  // retry jitter (results are deterministic)
};

// What a simulated player streams: a presentation and the size of every URL
// in it. Immutable once made; shared read-only by the bench's threads.
struct PlayerContent {
  std::shared_ptr<const player::Presentation> presentation;
  std::unordered_map<std::string, uint64_t> url_sizes;
};

// A video-only presentation with `video`'s ladder, resolutions, sizes and
// quality: $Number$ segments of video.segment_duration_s, no init segments
// (self-initialising, as the simulator's models have none).
media::Result<std::shared_ptr<const PlayerContent>> player_content(const VideoModel& video);
// A presentation packaged on disk (its MPD, or a directory with one MPD):
// every stream it plays (audio too), init segments, and segments.json sizes
// (the files' sizes where segments.json has none).
media::Result<std::shared_ptr<const PlayerContent>> player_content(const std::filesystem::path& mpd_path);

// One session. `out` gets one chunk per video segment. requires: the
// presentation has video.
media::Status run_player_session(const PlayerContent& content, std::span<const media::TracePeriod> periods,
                                 std::unique_ptr<abr::AbrAlgorithm> algorithm, const PlayerModelOptions& options,
                                 SessionResult& out);

// The parts of a simulated session that several players on one link share
// with a lone one (shared_link_players.h):
// the session's options for `content` under `options`;
player::SessionOptions player_session_options(const PlayerContent& content, const PlayerModelOptions& options);
// an error when the session hit its time limit before the end;
media::Status check_played(const PlayerContent& content, const player::SessionSummary& summary,
                           const player::SessionOptions& so);
// the video segments of a session's log as chunks (`out` is cleared first).
void collect_video_chunks(const player::EventLog& log, SessionResult& out);

}  // namespace sim
