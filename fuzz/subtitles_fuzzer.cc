// Any bytes given to the subtitle parsers (SRT, WebVTT, ASS/SSA) yield cues
// or an Error; the cues then go through the WebVTT and wvtt writers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "packager/subtitles/parsers.h"
#include "packager/subtitles/webvtt_writer.h"
#include "packager/subtitles/wvtt_samples.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace packager::subtitles;
  for (auto parse : {parse_srt, parse_webvtt, parse_ass}) {
    auto cues = parse(text);
    if (!cues.ok()) continue;
    normalize_cues(*cues);
    (void)write_webvtt(*cues);
    (void)write_webvtt_segment(*cues, 0, 4000);
    (void)wvtt_samples(*cues, 0, 360000, 90000);
  }
  (void)ass_event_text(text, 8);
  return 0;
}
