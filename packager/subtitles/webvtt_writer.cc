#include "packager/subtitles/webvtt_writer.h"

namespace packager::subtitles {
namespace {

void append_cue(std::string& out, const Cue& c) {
  out += "\n";
  if (!c.id.empty()) out += c.id + "\n";
  out += format_vtt_time(c.start_ms) + " --> " + format_vtt_time(c.end_ms);
  if (!c.settings.empty()) out += " " + c.settings;
  out += "\n" + c.text + "\n";
}

}  // namespace

std::string write_webvtt(const std::vector<Cue>& cues) {
  std::string out = "WEBVTT\n";
  for (const auto& c : cues) append_cue(out, c);
  return out;
}

std::string write_webvtt_segment(const std::vector<Cue>& cues, int64_t start_ms, int64_t end_ms) {
  std::string out = "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n";
  for (const auto& c : cues)
    if (c.start_ms < end_ms && c.end_ms > start_ms) append_cue(out, c);
  return out;
}

}  // namespace packager::subtitles
