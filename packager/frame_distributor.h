// The FrameConsumer of the encode pipeline, on the source thread: each
// decoded video frame goes to every rung's queue (shared, never copied),
// marked as a key frame exactly at the segment boundaries; audio is encoded
// right here (AAC is cheap next to video) and cut by its own segmenter;
// subtitle cues are kept until the video's segment boundaries are known.
// Not thread-safe: the source thread calls it; the supervisor reads the
// atomic counters.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "packager/audio_encoder.h"
#include "packager/boundaries.h"
#include "packager/rung_worker.h"
#include "packager/segmenter.h"
#include "packager/source.h"
#include "packager/track_identity.h"

namespace packager {

// One output audio track: its encoder and segmenter.
struct AudioOutput {
  std::string id;
  TrackIdentity identity;
  std::unique_ptr<AudioEncoder> encoder;
  std::unique_ptr<Segmenter> segmenter;
  std::atomic<int64_t> ticks_written{0};  // end of the last encoded packet, 48 kHz samples
};

class FrameDistributor : public FrameConsumer {
 public:
  FrameDistributor(std::vector<std::unique_ptr<RungWorker>>& rungs, std::vector<std::unique_ptr<AudioOutput>>& audio,
                   int64_t segment_us, FrameRate rate)
      : rungs_(rungs), audio_(audio), segment_us_(segment_us), rate_(rate) {}

  // --quality display: measured pictures also go out scaled to this size.
  void measure_at(uint32_t display_width, uint32_t display_height);

  media::Status on_video(const AVFrame* frame, int64_t index) override;
  media::Status on_audio(const AVFrame* frame, size_t track) override;
  media::Status on_cue(subtitles::Cue cue, size_t track) override;
  // Flushes every audio encoder (end of input).
  media::Status finish_audio();

  int64_t video_frames() const { return frames_out_; }
  // The cues of each subtitle track (read after the source has finished).
  std::vector<std::vector<subtitles::Cue>>& cues() { return cues_; }

 private:
  media::Status encode_audio(AudioOutput& out, const AVFrame* frame);
  media::Result<SharedFrame> display_reference(const AVFrame* frame);

  std::vector<std::unique_ptr<RungWorker>>& rungs_;
  std::vector<std::unique_ptr<AudioOutput>>& audio_;
  int64_t segment_us_;
  FrameRate rate_;
  int64_t frames_out_ = 0;
  std::vector<std::vector<subtitles::Cue>> cues_;  // per subtitle track
  uint32_t display_width_ = 0, display_height_ = 0;  // 0: no display references
  media::av::SwsPtr display_sws_;
};

}  // namespace packager
