// Where decoded media comes from: an input file (demux + decode once) or the
// built-in test source. A source delivers constant-frame-rate video (frame
// n is shown at n / frame_rate, upright, any size and pixel format) and
// audio with sample-count timestamps from the presentation start.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "media/av/ptr.h"
#include "media/error.h"
#include "packager/boundaries.h"
#include "packager/ladder.h"
#include "packager/stream_tags.h"
#include "packager/subtitles/cue.h"

namespace packager {

struct SourceInfo {
  std::string name;              // the input path, or "test source"
  bool has_video = false;
  bool has_audio = false;        // = !audio.empty()
  std::vector<StreamTags> audio;  // the audio streams delivered, in track order (on_audio's `track`)
  std::vector<StreamTags> subtitles;  // the text subtitle streams delivered (on_cue's `track`)
  SourceGeometry geometry;       // as stored (coded size, SAR, rotation): the ladder derives from it
  FrameRate frame_rate;          // of the delivered video
  double duration_s = 0;         // 0 when unknown
  std::string video_codec;       // "h264", for messages and --copy checks
};

// Receives the decoded media; called on the source's thread.
class FrameConsumer {
 public:
  virtual ~FrameConsumer() = default;
  // `frame` is upright; `index` is its output frame number (its pts).
  virtual media::Status on_video(const AVFrame* frame, int64_t index) = 0;
  // `frame->pts` counts samples at frame->sample_rate from the presentation
  // start; `track` indexes SourceInfo::audio.
  virtual media::Status on_audio(const AVFrame* frame, size_t track) = 0;
  // A subtitle cue (times from the presentation start); `track` indexes SourceInfo::subtitles.
  virtual media::Status on_cue(subtitles::Cue cue, size_t track) {
    (void)cue;
    (void)track;
    return {};
  }
};

class Source {
 public:
  virtual ~Source() = default;
  virtual const SourceInfo& info() const = 0;
  // Delivers everything, then returns; returns kCancelled soon after `stop` is set.
  virtual media::Status run(FrameConsumer& consumer) = 0;
};

}  // namespace packager
