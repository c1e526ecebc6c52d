// One stream's decode thread: takes downloaded segments in order, demuxes
// them from memory, decodes (switching decoders with the representation) and
// hands each frame to the sink when the playback clock reaches it.
#pragma once

#include <atomic>
#include <functional>
#include <set>
#include <string>

#include "player/av/frame_sink.h"
#include "player/av/stream_decoder.h"
#include "media/bounded_queue.h"
#include "player/session/downloaded_segment.h"
#include "player/session/playback_state.h"

namespace player {

struct DecodeStats {
  int64_t frames = 0;          // decoded
  int64_t frames_dropped = 0;  // decoded too late to show
  int64_t segments = 0;
  int64_t bad_segments = 0;    // could not be demuxed
};

class DecodeWorker {
 public:
  enum class Wait { kPresent, kDrop, kStop };
  // Blocks until the clock reaches `pts_s` (kPresent), says it is too late
  // (kDrop), or the session stops (kStop).
  using ClockWait = std::function<Wait(double pts_s)>;
  using ErrorReport = std::function<void(const std::string& message, bool fatal)>;

  DecodeWorker(StreamKind kind, media::BoundedQueue<DownloadedSegment>& queue, FrameSink& sink, ClockWait wait,
               ErrorReport on_error, const std::atomic<uint64_t>& generation, int threads);

  // Runs until the queue is stopped and drained. Fatal when the first
  // segments cannot be demuxed at all (they are not media).
  void run();

  DecodeStats stats() const;

 private:
  void handle(const DownloadedSegment& seg);
  void on_frame(const AVFrame& frame, double pts_s);
  // False (and a fatal error) when a key's first decrypted segment mostly
  // fails to decode: the key is wrong for that key ID.
  bool check_decryption(const std::string& kid, int64_t sent, int64_t damaged, size_t index);

  StreamKind kind_;
  media::BoundedQueue<DownloadedSegment>& queue_;
  FrameSink& sink_;
  ClockWait wait_;
  ErrorReport on_error_;
  const std::atomic<uint64_t>& generation_;
  StreamDecoder decoder_;
  double pts_offset_s_ = 0;
  uint64_t decoded_generation_ = 0;  // of the segments the decoder has seen
  bool stopping_ = false;
  int consecutive_bad_ = 0;
  std::set<std::string> kids_confirmed_;  // keys seen to decrypt this stream
  mutable std::mutex stats_mutex_;  // guards stats_
  DecodeStats stats_;
};

}  // namespace player
