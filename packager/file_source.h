// An input file as a Source: demuxes once, decodes the best video and audio
// stream once, applies the display rotation, converts video to a constant
// frame rate. Blocking reads are interrupted when `stop` is set.
// Not thread-safe: run() on one thread.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "media/av/ptr.h"
#include "media/error.h"
#include "packager/frame_rate_converter.h"
#include "packager/source.h"
#include "packager/video_rotation.h"

namespace packager {

// What a live input needs beyond a file (packager/live/live_input.cc).
struct FileSourceOptions {
  std::map<std::string, std::string> input_options;  // demuxer/protocol options, e.g. listen=1
  // Timestamps that jump by more than this (an encoder restart, a spliced
  // stream) are re-anchored so each stream goes on without a gap; 0 = off.
  double max_timestamp_jump_s = 0;
  // Live: a damaged packet or frame (network loss) is dropped, not fatal,
  // and a failed read (the sender went away) ends the input like its end.
  bool live_stream = false;
};

class FileSource : public Source {
 public:
  static media::Result<std::unique_ptr<FileSource>> open(const std::string& path, const std::atomic<bool>& stop,
                                                         int decoder_threads, const FileSourceOptions& options = {});

  const SourceInfo& info() const override { return info_; }
  media::Status run(FrameConsumer& consumer) override;

 private:
  FileSource(const std::string& path, const std::atomic<bool>& stop) : path_(path), stop_(stop) {}
  media::Status open_decoders(int decoder_threads);
  media::Status decode(AVCodecContext* decoder, const AVPacket* packet, FrameConsumer& consumer);
  media::Status on_video_frame(AVFrame* frame, FrameConsumer& consumer);
  media::Status on_audio_frame(AVFrame* frame, FrameConsumer& consumer);
  media::Status check_complete() const;
  std::string at(const AVStream* stream, int64_t ts) const;  // " at 12.345 s"

  std::string path_;
  const std::atomic<bool>& stop_;
  AVIOInterruptCB interrupt_{};
  SourceInfo info_;
  media::av::InputFormatPtr format_;
  int video_index_ = -1;
  int audio_index_ = -1;
  media::av::CodecContextPtr video_decoder_;
  media::av::CodecContextPtr audio_decoder_;
  int64_t start_us_ = 0;  // presentation start: the first stream's start time
  std::unique_ptr<VideoRotation> rotation_;
  FrameRateConverter converter_;
  media::av::FramePtr pending_;  // the last video frame, waiting for its successor
  media::av::FramePtr frame_;
  media::av::PacketPtr packet_;
  int64_t video_frames_out_ = 0;
  double audio_end_s_ = 0;
  double max_jump_s_ = 0;         // FileSourceOptions::max_timestamp_jump_s
  bool live_stream_ = false;      // FileSourceOptions::live_stream
  int64_t video_shift_us_ = 0;    // re-anchoring after timestamp jumps, per stream
  int64_t audio_shift_us_ = 0;
  std::optional<int64_t> audio_next_pts_;  // samples: where the next audio frame should start
};

}  // namespace packager
