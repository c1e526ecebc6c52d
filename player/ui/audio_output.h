// The audio side of the desktop player and its master clock: decoded frames
// are resampled (libswresample) to the SDL device's format and queued in a
// bounded byte ring that the SDL audio callback drains. The clock is the
// presentation time of the sample the device plays now.
// push()/flush()/stop() are called by the decode thread, clock_s() and the
// controls by the UI thread, the callback by SDL's audio thread.
#pragma once

#include <SDL2/SDL.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

#include "media/av/ptr.h"
#include "media/error.h"
#include "player/av/tempo_stretch.h"

namespace player {

class AudioOutput {
 public:
  AudioOutput() = default;
  ~AudioOutput();

  // Opens the default device (48 kHz stereo float, or what it offers).
  media::Status open();
  bool is_open() const { return device_ != 0; }

  void push(const AVFrame& frame, double pts_s);  // blocks while the ring is full
  void flush();
  void stop();

  void set_paused(bool paused);
  // Playback rate (0.5 to 2): audio is time-stretched at the same pitch
  // from the next frame pushed on.
  void set_rate(double rate) { requested_rate_.store(rate); }
  void set_volume(double volume);  // 0..1
  double volume() const { return volume_.load(); }
  void set_muted(bool muted) { muted_.store(muted); }
  bool muted() const { return muted_.load(); }

  // Presentation time of what the device plays now; nullopt before any audio.
  std::optional<double> clock_s() const;

 private:
  static void callback(void* opaque, Uint8* stream, int len);
  void fill(Uint8* stream, int len);
  media::Status ensure_resampler(const AVFrame& frame);
  // Resamples a (stretched) frame for the device and queues it.
  void queue(const AVFrame& frame, double pts_s, double rate);

  struct Chunk {
    std::vector<uint8_t> bytes;
    double pts_s = 0;  // of the first byte
    double rate = 1;   // media seconds per second played
    size_t read = 0;   // bytes already played
  };
  static constexpr double kRingSeconds = 0.3;  // device-side buffering ahead

  SDL_AudioDeviceID device_ = 0;
  SDL_AudioSpec spec_{};
  int bytes_per_second_ = 0;
  TempoStretch tempo_;      // decode thread only
  media::av::SwrPtr swr_;  // decode thread only
  int swr_in_rate_ = 0, swr_in_format_ = -1;
  AVChannelLayout swr_in_layout_{};

  mutable std::mutex mutex_;  // guards ring_, queued_bytes_, stopped_, clock fields
  std::condition_variable not_full_;
  std::deque<Chunk> ring_;
  size_t queued_bytes_ = 0;
  bool stopped_ = false;
  std::optional<double> clock_at_callback_s_;  // pts at the device's read head at the last callback
  double clock_rate_ = 1;                      // media seconds per second at that point
  double callback_time_s_ = 0;  // media::steady_now_s() of the last callback
  bool paused_ = false;

  std::atomic<double> volume_{1.0};
  std::atomic<double> requested_rate_{1.0};
  std::atomic<bool> reset_tempo_{false};  // flush() asks the decode thread to reset tempo_
  std::atomic<bool> muted_{false};
};

}  // namespace player
