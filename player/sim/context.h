// Builds the AbrContext a simulated session shows its algorithm before the
// request for `segment`.
#pragma once

#include "player/abr/types.h"
#include "player/sim/video_model.h"

namespace sim {

struct ContextState {
  size_t segment = 0;     // the next segment to fetch
  double buffer_s = 0;
  abr::PlaybackState state = abr::PlaybackState::kStartup;
  std::optional<size_t> last_rung;
  double buffer_cap_s = 60;
  double waited_s = 0;
};

abr::AbrContext make_context(const VideoModel& video, const ContextState& s);

}  // namespace sim
