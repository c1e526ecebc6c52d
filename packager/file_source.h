// An input file as a Source: demuxes once, decodes the best video stream,
// every chosen audio stream and every chosen text subtitle stream (SRT,
// ASS/SSA, mov_text, WebVTT) once, applies the display rotation, converts
// video to a constant frame rate. Blocking reads are interrupted when `stop`
// is set.
// Not thread-safe: run() on one thread.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "media/av/ptr.h"
#include "media/error.h"
#include "packager/frame_rate_converter.h"
#include "packager/source.h"
#include "packager/video_rotation.h"

namespace packager {

struct FileSourceOptions {
  int decoder_threads = 1;                         // of the video decoder
  std::optional<std::vector<int>> audio_streams;   // numbers among the audio streams; nullopt: all of them
  std::optional<std::vector<int>> subtitle_streams;  // numbers among the text subtitle streams; nullopt: all
  // What a live input needs beyond a file (packager/live/live_input.cc):
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
                                                         const FileSourceOptions& options);

  const SourceInfo& info() const override { return info_; }
  media::Status run(FrameConsumer& consumer) override;

 private:
  FileSource(const std::string& path, const std::atomic<bool>& stop) : path_(path), stop_(stop) {}
  // A decoded input stream: the video, or audio or subtitle track `track`.
  struct Input {
    int stream = -1;
    AVMediaType kind = AVMEDIA_TYPE_VIDEO;
    int track = 0;
    media::av::CodecContextPtr decoder;
    int64_t shift_us = 0;            // re-anchoring after timestamp jumps (live)
    std::optional<int64_t> next_pts{};  // audio samples: where the next frame should start
  };

  media::Status open_video(int decoder_threads);
  media::Status open_audio(const std::optional<std::vector<int>>& chosen);
  media::Status open_subtitles(const std::optional<std::vector<int>>& chosen);
  void note_text_end(const AVPacket* packet);  // a subtitle packet: how far the input's text reaches
  media::Status decode_subtitle(const Input& input, const AVPacket* packet, FrameConsumer& consumer);
  media::Result<media::av::CodecContextPtr> open_decoder(int stream, int threads) const;
  Input* input_of(int stream);  // nullptr: a stream we skip
  media::Status decode(Input& input, const AVPacket* packet, FrameConsumer& consumer);
  media::Status on_video_frame(AVFrame* frame, FrameConsumer& consumer);
  media::Status on_audio_frame(Input& input, AVFrame* frame, FrameConsumer& consumer);
  media::Status check_complete() const;
  std::string at(const AVStream* stream, int64_t ts) const;  // " at 12.345 s"

  std::string path_;
  const std::atomic<bool>& stop_;
  AVIOInterruptCB interrupt_{};
  SourceInfo info_;
  media::av::InputFormatPtr format_;
  std::optional<Input> video_;
  std::vector<Input> audio_;  // in track order
  std::vector<Input> subtitles_;
  int64_t start_us_ = 0;  // presentation start: the first stream's start time
  std::unique_ptr<VideoRotation> rotation_;
  FrameRateConverter converter_;
  media::av::FramePtr pending_;  // the last video frame, waiting for its successor
  media::av::FramePtr frame_;
  media::av::PacketPtr packet_;
  int64_t video_frames_out_ = 0;
  double audio_end_s_ = 0;
  double text_end_s_ = 0;  // of every subtitle stream, decoded or not
  double max_jump_s_ = 0;         // FileSourceOptions::max_timestamp_jump_s
  bool live_stream_ = false;      // FileSourceOptions::live_stream
};

}  // namespace packager
