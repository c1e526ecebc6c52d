#include "player/abr/audio_rule.h"

namespace abr {

AudioChoice choose_audio_rung(std::span<const double> bitrates_bps, double video_estimate_bps) {
  AudioChoice c;
  if (video_estimate_bps <= 0) {
    c.rung = bitrates_bps.size() - 1;
    c.reason = make_reason("audio: no estimate yet, %.0f kbit/s", bitrates_bps[c.rung] / 1000);
    return c;
  }
  for (size_t r = 0; r < bitrates_bps.size(); ++r)
    if (bitrates_bps[r] <= kAudioShareOfEstimate * video_estimate_bps) c.rung = r;
  c.reason = make_reason("audio: %.0f kbit/s within %.0f%% of the %.0f kbit/s estimate", bitrates_bps[c.rung] / 1000,
                         kAudioShareOfEstimate * 100, video_estimate_bps / 1000);
  return c;
}

}  // namespace abr
