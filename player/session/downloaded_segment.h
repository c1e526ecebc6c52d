// A media segment in the buffer, between its download and its decoding.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace player {

struct DownloadedSegment {
  size_t period = 0;
  size_t index = 0;
  std::string representation;                 // Representation@id
  std::shared_ptr<const std::string> init;    // the representation's init segment
  std::shared_ptr<const std::string> data;    // the media segment
  double start_s = 0;                         // presentation time
  double end_s = 0;
  double pts_offset_s = 0;  // add to a decoded pts to get presentation time (period start − PTO)
  uint64_t generation = 0;  // bumped by every seek; stale items are dropped
};

}  // namespace player
