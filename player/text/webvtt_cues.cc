#include "player/text/webvtt_cues.h"

#include "packager/subtitles/parsers.h"
#include "player/text/cue_markup.h"

namespace player::text {

media::Result<std::vector<TextCue>> parse_webvtt_cues(std::string_view text) {
  // One WebVTT grammar for the packager and the player, not two.
  auto parsed = packager::subtitles::parse_webvtt(text);
  if (!parsed.ok()) return parsed.error().with_context("WebVTT");
  std::vector<TextCue> cues;
  for (const auto& c : *parsed) {
    StyledText styled = strip_cue_markup(c.text);
    if (styled.text.empty()) continue;
    cues.push_back({c.start_ms, c.end_ms, std::move(styled.text), styled.style});
  }
  return cues;
}

}  // namespace player::text
