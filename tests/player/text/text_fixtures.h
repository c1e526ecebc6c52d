// Subtitle test inputs: the non-ASCII line every parser must keep intact,
// and fMP4 text segments built with the packager's own writers (init
// segment, moof + mdat), so the reader is checked against what dash-package
// really produces.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "media/isobmff/boxes.h"
#include "packager/mp4/fragment.h"
#include "packager/mp4/init_segment.h"

namespace player_text_test {

inline const std::string kGreeting = "Grüße — 日本語";

struct TestSample {
  uint32_t duration_ticks = 0;
  std::vector<uint8_t> data;
};

inline std::vector<uint8_t> text_init(uint32_t timescale) {
  return packager::mp4::build_init_segment(
      packager::mp4::TrackConfig{1, timescale, packager::mp4::TextTrack{}});
}

// moof + mdat of `samples` starting at `base_ticks` (tfdt).
inline std::vector<uint8_t> text_segment(uint64_t base_ticks, const std::vector<TestSample>& samples) {
  std::vector<packager::mp4::FragmentSample> meta;
  for (const auto& s : samples) meta.push_back({static_cast<uint32_t>(s.data.size()), s.duration_ticks, 0, true});
  std::vector<uint8_t> out = packager::mp4::build_fragment_header(1, 1, base_ticks, meta, false);
  for (const auto& s : samples) out.insert(out.end(), s.data.begin(), s.data.end());
  return out;
}

inline std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }
inline media::Bytes view(const std::vector<uint8_t>& v) { return {v.data(), v.size()}; }

}  // namespace player_text_test
