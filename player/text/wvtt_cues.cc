#include "player/text/wvtt_cues.h"

#include <algorithm>

#include "player/text/cue_markup.h"
#include "player/text/fragment_samples.h"

namespace player::text {

using media::fourcc;

int64_t ticks_to_ms(int64_t ticks, uint32_t timescale) {
  // Split so that ticks × 1000 cannot overflow.
  const int64_t ts = timescale;
  return (ticks / ts) * 1000 + (ticks % ts) * 1000 / ts;
}

media::Result<std::vector<std::string>> wvtt_sample_texts(media::Bytes sample) {
  auto boxes = media::read_boxes(sample);
  if (!boxes.ok()) return boxes.error().with_context("wvtt sample");
  std::vector<std::string> texts;
  for (const auto& box : *boxes) {
    if (box.type == fourcc("vtte")) continue;
    if (box.type != fourcc("vttc")) continue;  // 'vtta' (comments) and unknown boxes
    auto payl = media::find_child(box, fourcc("payl"));
    if (!payl.ok()) return payl.error().with_context("wvtt 'vttc'");
    if (!*payl) continue;  // a cue without text shows nothing
    texts.emplace_back(reinterpret_cast<const char*>((*payl)->payload.data()), (*payl)->payload.size());
  }
  return texts;
}

void join_continued_cues(std::vector<TextCue>& cues) {
  std::stable_sort(cues.begin(), cues.end(), [](const TextCue& a, const TextCue& b) { return a.start_ms < b.start_ms; });
  std::vector<TextCue> joined;
  for (auto& cue : cues) {
    auto earlier = std::find_if(joined.begin(), joined.end(), [&](const TextCue& j) {
      return j.end_ms == cue.start_ms && j.text == cue.text && j.style == cue.style;
    });
    if (earlier != joined.end()) earlier->end_ms = cue.end_ms;
    else joined.push_back(std::move(cue));
  }
  cues = std::move(joined);
}

media::Result<std::vector<TextCue>> wvtt_segment_cues(media::Bytes segment, uint32_t timescale,
                                                      const std::optional<media::TrackDefaults>& defaults) {
  if (timescale == 0) return media::make_error(media::ErrorCode::kParse, "wvtt: timescale 0");
  auto samples = fragment_samples(segment, defaults);
  if (!samples.ok()) return samples.error().with_context("wvtt segment");
  std::vector<TextCue> cues;
  for (const auto& s : *samples) {
    auto texts = wvtt_sample_texts(s.data);
    if (!texts.ok()) return texts.error();
    const int64_t start_ms = ticks_to_ms(s.start_ticks, timescale);
    const int64_t end_ms = ticks_to_ms(s.start_ticks + s.duration_ticks, timescale);
    if (end_ms <= start_ms) continue;
    for (const auto& t : *texts) {
      StyledText styled = strip_cue_markup(t);
      if (!styled.text.empty()) cues.push_back({start_ms, end_ms, std::move(styled.text), styled.style});
    }
  }
  join_continued_cues(cues);
  return cues;
}

}  // namespace player::text
