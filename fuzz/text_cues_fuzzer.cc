// Any bytes given to the player's subtitle readers (WebVTT file, TTML
// document, wvtt and stpp fMP4 segments, cue markup) yield cues or an
// Error, never a crash; the cues then go through the cue store.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "player/text/cue_markup.h"
#include "player/text/cue_store.h"
#include "player/text/stpp_cues.h"
#include "player/text/ttml_cues.h"
#include "player/text/webvtt_cues.h"
#include "player/text/wvtt_cues.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace player::text;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const media::Bytes bytes(data, size);
  CueStore store;
  auto keep = [&](const media::Result<std::vector<TextCue>>& cues) {
    if (cues.ok()) store.add(*cues, 0);
  };
  keep(parse_webvtt_cues(text));
  keep(parse_ttml_cues(text));
  keep(wvtt_segment_cues(bytes, 90000, std::nullopt));
  keep(stpp_segment_cues(bytes, 1000, media::TrackDefaults{1, 1000, 16, 0}));
  (void)strip_cue_markup(text);
  (void)parse_ttml_time_ms(text, 25, 1);
  (void)store.take_started(5000);
  (void)store.active_at(1000);
  return 0;
}
