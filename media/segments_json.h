// segments.json: the per-segment metadata the packager writes next to the MPD
// (sizes, durations and quality of every segment of every representation), so
// that quality-aware ABR and the bench know what is coming. Versioned:
//
// {"format": "dashstream-segments", "version": 1,
//  "representations": [{"id": "v0", "content_type": "video", "bandwidth": 3000000,
//                       "width": 1280, "height": 720,
//                       "segments": [{"number": 1, "start_s": 0, "duration_s": 4,
//                                     "bytes": 1503311, "psnr_db": 41.7,
//                                     "psnr_display": 38.2, "ssim_display": 0.962}, ...]}, ...]}
// psnr_db is measured at the rung's own size; psnr_display and ssim_display
// (dash-package --quality display) at the top rung's size against the
// source, so they compare rungs as a viewer would.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "media/error.h"

namespace media {

inline constexpr int kSegmentsJsonVersion = 1;
inline constexpr std::string_view kSegmentsJsonFormat = "dashstream-segments";

struct SegmentMetadata {
  uint64_t number = 0;  // the segment's $Number$
  double start_s = 0;
  double duration_s = 0;
  uint64_t size_bytes = 0;        // "bytes": media segment size on disk
  std::optional<double> psnr_db;  // mean luma PSNR against the source (video)
  std::optional<double> ssim;
  std::optional<double> psnr_display_db{};  // "psnr_display": luma PSNR at the display size
  std::optional<double> ssim_display{};     // "ssim_display": mean SSIM at the display size
  // The quality ABR should rank rungs with: display PSNR when known, else PSNR.
  std::optional<double> quality_db() const { return psnr_display_db ? psnr_display_db : psnr_db; }
  bool operator==(const SegmentMetadata&) const = default;
};

struct RepresentationMetadata {
  std::string id;            // matches Representation@id
  std::string content_type;  // "video" or "audio"
  uint64_t bandwidth_bps = 0;
  std::optional<uint32_t> width;
  std::optional<uint32_t> height;
  std::vector<SegmentMetadata> segments;
  bool operator==(const RepresentationMetadata&) const = default;
};

struct PresentationMetadata {
  int version = kSegmentsJsonVersion;
  std::vector<RepresentationMetadata> representations;
  bool operator==(const PresentationMetadata&) const = default;

  const RepresentationMetadata* find(std::string_view id) const;
};

std::ostream& operator<<(std::ostream& os, const PresentationMetadata& m);

Result<PresentationMetadata> parse_segments_json(std::string_view text);
std::string write_segments_json(const PresentationMetadata& meta);
Result<PresentationMetadata> read_segments_json_file(const std::filesystem::path& path);
Status write_segments_json_file(const PresentationMetadata& meta, const std::filesystem::path& path);

}  // namespace media
