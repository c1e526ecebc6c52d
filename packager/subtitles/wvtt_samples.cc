#include "packager/subtitles/wvtt_samples.h"

#include <algorithm>
#include <string_view>

#include "packager/mp4/box_writer.h"

namespace packager::subtitles {
namespace {

void string_box(mp4::BoxWriter& w, const char* type, std::string_view text) {
  const size_t b = w.begin(type);
  w.bytes({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
  w.end(b);
}

std::vector<uint8_t> sample_data(const std::vector<const Cue*>& active) {
  std::vector<uint8_t> out;
  mp4::BoxWriter w(out);
  if (active.empty()) {
    w.end(w.begin("vtte"));
    return out;
  }
  for (const Cue* c : active) {
    const size_t b = w.begin("vttc");
    if (!c->id.empty()) string_box(w, "iden", c->id);
    if (!c->settings.empty()) string_box(w, "sttg", c->settings);
    string_box(w, "payl", c->text);
    w.end(b);
  }
  return out;
}

}  // namespace

int64_t ms_to_ticks(int64_t ms, uint32_t timescale) { return (ms * int64_t(timescale) + 500) / 1000; }

std::vector<TextSample> wvtt_samples(const std::vector<Cue>& all_cues, int64_t start_ticks, int64_t end_ticks,
                                     uint32_t timescale) {
  std::vector<Cue> cues;  // those that show during the segment
  for (const auto& c : all_cues)
    if (ms_to_ticks(c.start_ms, timescale) < end_ticks && ms_to_ticks(c.end_ms, timescale) > start_ticks) cues.push_back(c);
  // Every instant inside the segment where some cue starts or ends.
  std::vector<int64_t> cuts{start_ticks, end_ticks};
  for (const auto& c : cues)
    for (int64_t t : {ms_to_ticks(c.start_ms, timescale), ms_to_ticks(c.end_ms, timescale)})
      if (t > start_ticks && t < end_ticks) cuts.push_back(t);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<TextSample> samples;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    std::vector<const Cue*> active;
    for (const auto& c : cues)
      if (ms_to_ticks(c.start_ms, timescale) <= cuts[i] && ms_to_ticks(c.end_ms, timescale) > cuts[i]) active.push_back(&c);
    std::vector<uint8_t> data = sample_data(active);
    // Merge with the previous sample when nothing changed (a cue spanning a cut of a cue that is not shown).
    if (!samples.empty() && samples.back().data == data) {
      samples.back().duration_ticks += cuts[i + 1] - cuts[i];
      continue;
    }
    samples.push_back({cuts[i], cuts[i + 1] - cuts[i], std::move(data)});
  }
  return samples;
}

}  // namespace packager::subtitles
