// Makes every decoded picture displayable as 8-bit 4:2:0 (what the window's
// YUV texture takes): 8-bit 4:2:0 passes through untouched; other SDR
// formats (10-bit, 4:2:2, 4:4:4) go through libswscale; HDR (PQ or HLG
// transfer) is tone-mapped to BT.709 SDR with libavfilter (zscale to linear
// light, Hable's curve, back to BT.709), because a plain bit-depth cut shows
// PQ pictures dim and washed out. Not thread-safe: one per video stream.
#pragma once

#include <string>

#include "media/av/ptr.h"
#include "media/error.h"

extern "C" {
#include <libavutil/frame.h>
}

namespace player {

class DisplayConverter {
 public:
  // `frame` as 8-bit yuv420p: the frame itself, or a picture owned by the
  // converter, valid until the next call. An error when the picture's format
  // cannot be converted.
  media::Result<const AVFrame*> convert(const AVFrame& frame);

  // True when `frame` carries an HDR transfer (SMPTE ST 2084 or ARIB STD-B67).
  static bool is_hdr(const AVFrame& frame);

 private:
  media::Status build_tone_map(const AVFrame& frame);

  media::av::SwsPtr sws_;
  media::av::FramePtr converted_;    // libswscale's output
  media::av::FramePtr tone_mapped_;  // the graph's output
  // The tone-mapping graph, for the input it was built for.
  media::av::FilterGraphPtr graph_;
  AVFilterContext* source_ = nullptr;
  AVFilterContext* sink_ = nullptr;
  std::string graph_input_;
};

}  // namespace player
