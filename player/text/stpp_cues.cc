#include "player/text/stpp_cues.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "player/text/fragment_samples.h"
#include "player/text/ttml_cues.h"
#include "player/text/wvtt_cues.h"

namespace player::text {

media::Result<std::vector<TextCue>> stpp_segment_cues(media::Bytes segment, uint32_t timescale,
                                                      const std::optional<media::TrackDefaults>& defaults) {
  if (timescale == 0) return media::make_error(media::ErrorCode::kParse, "stpp: timescale 0");
  auto samples = fragment_samples(segment, defaults);
  if (!samples.ok()) return samples.error().with_context("stpp segment");
  std::vector<TextCue> cues;
  for (const auto& s : *samples) {
    const int64_t sample_start_ms = ticks_to_ms(s.start_ticks, timescale);
    // A sample without a duration (some writers) bounds nothing at its end.
    const int64_t sample_end_ms =
        s.duration_ticks > 0 ? ticks_to_ms(s.start_ticks + s.duration_ticks, timescale) : INT64_MAX;
    auto doc = parse_ttml_cues(std::string_view(reinterpret_cast<const char*>(s.data.data()), s.data.size()));
    if (!doc.ok()) return doc.error().with_context("stpp sample at " + std::to_string(sample_start_ms) + " ms");
    for (auto& cue : *doc) {
      cue.start_ms = std::max(cue.start_ms, sample_start_ms);
      cue.end_ms = std::min(cue.end_ms, sample_end_ms);
      if (cue.end_ms > cue.start_ms) cues.push_back(std::move(cue));
    }
  }
  join_continued_cues(cues);
  return cues;
}

}  // namespace player::text
