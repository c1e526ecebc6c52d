#include "player/ui/audio_output.h"

#include <algorithm>
#include <cstring>

#include "media/av/error.h"
#include "media/clock.h"

namespace player {

AudioOutput::~AudioOutput() {
  stop();
  if (device_ != 0) SDL_CloseAudioDevice(device_);
  av_channel_layout_uninit(&swr_in_layout_);
}

media::Status AudioOutput::open() {
  SDL_AudioSpec want{};
  want.freq = 48000;
  want.format = AUDIO_F32SYS;
  want.channels = 2;
  want.samples = 1024;
  want.callback = &AudioOutput::callback;
  want.userdata = this;
  device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &spec_, SDL_AUDIO_ALLOW_FREQUENCY_CHANGE);
  if (device_ == 0) return media::make_error(media::ErrorCode::kUnsupported, std::string("open audio device: ") + SDL_GetError());
  bytes_per_second_ = spec_.freq * spec_.channels * static_cast<int>(sizeof(float));
  SDL_PauseAudioDevice(device_, 0);
  return {};
}

media::Status AudioOutput::ensure_resampler(const AVFrame& frame) {
  if (swr_ && frame.sample_rate == swr_in_rate_ && frame.format == swr_in_format_ &&
      av_channel_layout_compare(&frame.ch_layout, &swr_in_layout_) == 0)
    return {};
  AVChannelLayout out_layout;
  av_channel_layout_default(&out_layout, spec_.channels);
  SwrContext* raw = nullptr;
  // FFmpeg 5.1 takes the input layout as non-const although it only reads it.
  int ret = swr_alloc_set_opts2(&raw, &out_layout, AV_SAMPLE_FMT_FLT, spec_.freq, const_cast<AVChannelLayout*>(&frame.ch_layout),
                                static_cast<AVSampleFormat>(frame.format), frame.sample_rate, 0, nullptr);
  av_channel_layout_uninit(&out_layout);
  if (ret < 0) return media::av::make_av_error(ret, "audio resampler");
  swr_.reset(raw);
  if (ret = swr_init(swr_.get()); ret < 0) return media::av::make_av_error(ret, "audio resampler");
  swr_in_rate_ = frame.sample_rate;
  swr_in_format_ = frame.format;
  av_channel_layout_uninit(&swr_in_layout_);
  av_channel_layout_copy(&swr_in_layout_, &frame.ch_layout);
  return {};
}

void AudioOutput::push(const AVFrame& frame, double pts_s) {
  if (device_ == 0) return;
  if (reset_tempo_.exchange(false)) tempo_.reset();
  if (const double rate = requested_rate_.load(); rate != tempo_.rate()) tempo_.set_rate(rate);
  const double rate = tempo_.rate();
  auto stretched = tempo_.push(frame, pts_s, [&](const AVFrame& f, double f_pts_s) { queue(f, f_pts_s, rate); });
  if (!stretched.ok()) queue(frame, pts_s, 1);  // unstretched rather than silent
}

void AudioOutput::queue(const AVFrame& frame, double pts_s, double rate) {
  if (!ensure_resampler(frame).ok()) return;
  const int out_samples = swr_get_out_samples(swr_.get(), frame.nb_samples);
  if (out_samples <= 0) return;
  Chunk chunk;
  chunk.pts_s = pts_s;
  chunk.rate = rate;
  chunk.bytes.resize(static_cast<size_t>(out_samples) * spec_.channels * sizeof(float));
  uint8_t* out = chunk.bytes.data();
  int converted = swr_convert(swr_.get(), &out, out_samples, const_cast<const uint8_t**>(frame.extended_data),
                              frame.nb_samples);
  if (converted <= 0) return;
  chunk.bytes.resize(static_cast<size_t>(converted) * spec_.channels * sizeof(float));
  const size_t capacity = static_cast<size_t>(kRingSeconds * bytes_per_second_);
  std::unique_lock lock(mutex_);
  not_full_.wait(lock, [&] { return stopped_ || queued_bytes_ < capacity; });
  if (stopped_) return;
  queued_bytes_ += chunk.bytes.size();
  ring_.push_back(std::move(chunk));
}

void AudioOutput::flush() {
  reset_tempo_.store(true);  // the decode thread drops what atempo holds at its next push
  std::scoped_lock lock(mutex_);
  ring_.clear();
  queued_bytes_ = 0;
  clock_at_callback_s_.reset();
  not_full_.notify_all();
}

void AudioOutput::stop() {
  std::scoped_lock lock(mutex_);
  stopped_ = true;
  ring_.clear();
  queued_bytes_ = 0;
  not_full_.notify_all();
}

void AudioOutput::set_paused(bool paused) {
  if (device_ == 0) return;
  {
    std::scoped_lock lock(mutex_);
    if (paused == paused_) return;
    paused_ = paused;
    if (!paused) callback_time_s_ = media::steady_now_s();
  }
  SDL_PauseAudioDevice(device_, paused ? 1 : 0);
}

void AudioOutput::set_volume(double volume) { volume_.store(std::clamp(volume, 0.0, 1.0)); }

std::optional<double> AudioOutput::clock_s() const {
  std::scoped_lock lock(mutex_);
  if (!clock_at_callback_s_) return std::nullopt;
  if (paused_) return clock_at_callback_s_;
  // The device plays on between callbacks: interpolate, but never past what it was given.
  const double since = media::steady_now_s() - callback_time_s_;
  const double buffer_s = static_cast<double>(spec_.samples) / spec_.freq;
  return *clock_at_callback_s_ + std::min(since, buffer_s) * clock_rate_;
}

void AudioOutput::callback(void* opaque, Uint8* stream, int len) { static_cast<AudioOutput*>(opaque)->fill(stream, len); }

void AudioOutput::fill(Uint8* stream, int len) {
  std::memset(stream, 0, static_cast<size_t>(len));
  const float gain = muted_.load() ? 0.0f : static_cast<float>(volume_.load());
  std::scoped_lock lock(mutex_);
  // The first sample of this callback is what the device plays next; the ones
  // handed over by the previous callback are playing now.
  std::optional<double> head_pts;
  double head_rate = 1;
  int written = 0;
  while (written < len && !ring_.empty()) {
    Chunk& c = ring_.front();
    if (!head_pts) {
      head_pts = c.pts_s + static_cast<double>(c.read) / bytes_per_second_ * c.rate;
      head_rate = c.rate;
    }
    const size_t n = std::min(static_cast<size_t>(len - written), c.bytes.size() - c.read);
    auto* out = reinterpret_cast<float*>(stream + written);
    const auto* in = reinterpret_cast<const float*>(c.bytes.data() + c.read);
    for (size_t i = 0; i < n / sizeof(float); ++i) out[i] = in[i] * gain;
    written += static_cast<int>(n);
    c.read += n;
    queued_bytes_ -= n;
    if (c.read == c.bytes.size()) ring_.pop_front();
  }
  if (head_pts) {
    // Samples given now start playing after the previous buffer: one buffer of latency.
    const double buffer_s = static_cast<double>(spec_.samples) / spec_.freq;
    clock_at_callback_s_ = *head_pts - buffer_s * head_rate;
    clock_rate_ = head_rate;
    callback_time_s_ = media::steady_now_s();
  }
  not_full_.notify_all();
}

}  // namespace player
