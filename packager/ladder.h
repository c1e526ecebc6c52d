// The bit-rate ladder: parsing `--ladder` and deriving a default one from the
// source. Pure code (no libav*), unit tested.
//
// Rules of the derived ladder: never upscale, even dimensions, the source's
// display aspect ratio kept (sample aspect ratio and rotation applied), rungs
// named by their short side ("720p" is 1280x720 landscape, 720x1280 portrait).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "media/error.h"

namespace packager {

struct LadderRung {
  uint32_t width = 0;           // pixels, even
  uint32_t height = 0;          // pixels, even
  int64_t video_rate_bps = 0;   // target (average) bit rate
  bool operator==(const LadderRung&) const = default;
};
std::ostream& operator<<(std::ostream& os, const LadderRung& r);

// One `--ladder` entry before the source is known: "1280x720@3000k" fixes
// both dimensions; "720p@3000k" fixes the short side only.
struct RungSpec {
  std::optional<uint32_t> width;  // set for WxH entries
  uint32_t height = 0;            // WxH: the height; Np: the short side N
  int64_t video_rate_bps = 0;
  bool operator==(const RungSpec&) const = default;
};
std::ostream& operator<<(std::ostream& os, const RungSpec& r);

// What the source looks like, as far as the ladder cares.
struct SourceGeometry {
  uint32_t width = 0;   // coded picture, pixels
  uint32_t height = 0;
  uint32_t sar_num = 1;  // sample (pixel) aspect ratio; 0 means unknown = 1:1
  uint32_t sar_den = 1;
  int rotation_deg = 0;  // clockwise display rotation: 0, 90, 180, 270
};

struct DisplaySize {
  uint32_t width = 0;
  uint32_t height = 0;
  bool operator==(const DisplaySize&) const = default;
};
std::ostream& operator<<(std::ostream& os, const DisplaySize& d);

// The picture as shown: SAR applied to the width, then rotation.
DisplaySize display_size(const SourceGeometry& source);

// The standard rungs by short side, largest first.
struct StandardRung {
  uint32_t short_side;
  int64_t video_rate_bps;
};
inline constexpr std::array<StandardRung, 5> kStandardRungs{{
    {1080, 5'000'000},
    {720, 3'000'000},
    {480, 1'200'000},
    {360, 700'000},
    {240, 350'000},
}};
static_assert([] {
  for (size_t i = 1; i < kStandardRungs.size(); ++i)
    if (kStandardRungs[i].short_side >= kStandardRungs[i - 1].short_side ||
        kStandardRungs[i].video_rate_bps >= kStandardRungs[i - 1].video_rate_bps)
      return false;
  return true;
}());

inline constexpr size_t kMaxRungs = 8;
inline constexpr uint32_t kMinDimension = 16;
inline constexpr uint32_t kMaxDimension = 4096;

// "1280x720@3000k,640x360@700k" or "720p@3000k,360p@700k" (mixable).
media::Result<std::vector<RungSpec>> parse_ladder(std::string_view text);

// Default ladder for a source, lowest rate first. A source smaller than the
// smallest standard rung gets one rung at its own size.
std::vector<LadderRung> derive_ladder(const SourceGeometry& source);

// Turns parsed entries into rungs for this source (short-side entries take
// the display aspect ratio), lowest rate first.
media::Result<std::vector<LadderRung>> resolve_ladder(const std::vector<RungSpec>& specs,
                                                      const SourceGeometry& source);

}  // namespace packager
