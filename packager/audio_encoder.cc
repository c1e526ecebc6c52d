#include "packager/audio_encoder.h"

#include <algorithm>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
}

#include "media/av/alloc.h"
#include "media/av/error.h"
#include "packager/h264_bitstream.h"

namespace packager {

namespace {

AVChannelLayout output_layout(int channels) {
  AVChannelLayout layout{};
  av_channel_layout_default(&layout, channels);  // 2: stereo, 6: 5.1
  return layout;
}

}  // namespace

media::Result<std::unique_ptr<AudioEncoder>> AudioEncoder::open(const AudioEncoderSettings& settings) {
  if (settings.channels != kStereoChannels && settings.channels != kSurroundChannels)
    return media::make_error(media::ErrorCode::kInvalidArgument,
                             "AAC encoder: " + std::to_string(settings.channels) + " channels (2 or 6 supported)");
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
  if (codec == nullptr) return media::make_error(media::ErrorCode::kUnsupported, "this FFmpeg has no AAC encoder");
  std::unique_ptr<AudioEncoder> enc(new AudioEncoder(settings));
  enc->converted_.resize(static_cast<size_t>(settings.channels));
  auto ctx = media::av::alloc_codec_context(codec, "aac");
  if (!ctx.ok()) return ctx.error();
  AVCodecContext* c = ctx->get();
  c->sample_fmt = AV_SAMPLE_FMT_FLTP;
  c->sample_rate = kAudioSampleRate;
  c->ch_layout = output_layout(settings.channels);
  c->bit_rate = settings.rate_bps;
  c->profile = FF_PROFILE_AAC_LOW;
  c->time_base = AVRational{1, kAudioSampleRate};
  c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;  // AudioSpecificConfig for the esds
  if (int ret = avcodec_open2(c, codec, nullptr); ret < 0) return media::av::make_av_error(ret, "open AAC encoder");
  if (c->frame_size != kAacFrameSamples)
    return media::make_error(media::ErrorCode::kUnsupported, "AAC encoder frame size " + std::to_string(c->frame_size));
  enc->asc_.assign(c->extradata, c->extradata + c->extradata_size);
  auto codecs = aac_codecs_string(enc->asc_);
  if (!codecs.ok()) return codecs.error().with_context("AAC encoder");
  enc->codecs_ = *codecs;
  enc->codec_ = std::move(*ctx);

  auto fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, settings.channels, kAacFrameSamples * 4);
  if (fifo == nullptr) return media::make_error(media::ErrorCode::kInternal, "av_audio_fifo_alloc failed");
  enc->fifo_.reset(fifo);
  auto frame = media::av::alloc_frame();
  if (!frame.ok()) return frame.error();
  enc->frame_ = std::move(*frame);
  auto pkt = media::av::alloc_packet();
  if (!pkt.ok()) return pkt.error();
  enc->packet_ = std::move(*pkt);
  return enc;
}

media::Status AudioEncoder::configure_resampler(const AVFrame* f) {
  AVChannelLayout layout{};
  if (f->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || f->ch_layout.nb_channels <= 0) {
    av_channel_layout_default(&layout, f->ch_layout.nb_channels > 0 ? f->ch_layout.nb_channels : 1);
  } else if (int ret = av_channel_layout_copy(&layout, &f->ch_layout); ret < 0) {
    return media::av::make_av_error(ret, "audio channel layout");
  }
  const bool same = swr_ && f->sample_rate == in_rate_ && f->format == in_format_ &&
                    av_channel_layout_compare(&layout, &in_layout_) == 0;
  if (same) {
    av_channel_layout_uninit(&layout);
    return {};
  }
  SwrContext* raw = nullptr;
  AVChannelLayout out_layout = output_layout(settings_.channels);
  int ret = swr_alloc_set_opts2(&raw, &out_layout, AV_SAMPLE_FMT_FLTP, kAudioSampleRate, &layout,
                                static_cast<AVSampleFormat>(f->format), f->sample_rate, 0, nullptr);
  media::av::SwrPtr swr(raw);
  if (ret >= 0) ret = swr_init(swr.get());
  av_channel_layout_uninit(&in_layout_);
  in_layout_ = layout;
  if (ret < 0) return media::av::make_av_error(ret, "configure audio resampler");
  swr_ = std::move(swr);
  in_rate_ = f->sample_rate;
  in_format_ = f->format;
  return {};
}

std::vector<uint8_t*> AudioEncoder::converted_planes() {
  std::vector<uint8_t*> out;
  for (auto& c : converted_) out.push_back(reinterpret_cast<uint8_t*>(c.data()));
  return out;
}

media::Status AudioEncoder::push_samples(uint8_t** data, int samples) {
  int offset = 0;
  if (skip_samples_ > 0) {
    offset = static_cast<int>(std::min<int64_t>(skip_samples_, samples));
    skip_samples_ -= offset;
  }
  if (samples - offset <= 0) return {};
  std::vector<uint8_t*> planes(static_cast<size_t>(settings_.channels));
  for (int c = 0; c < settings_.channels; ++c) planes[c] = data[c] + offset * sizeof(float);
  int ret = av_audio_fifo_write(fifo_.get(), reinterpret_cast<void**>(planes.data()), samples - offset);
  if (ret < 0) return media::av::make_av_error(ret, "audio FIFO");
  return {};
}

media::Status AudioEncoder::encode(const AVFrame* f, const AudioPacketHandler& on_packet) {
  if (f == nullptr) {
    if (swr_) {
      // Drain the resampler's delay.
      const int out_max = static_cast<int>(swr_get_delay(swr_.get(), kAudioSampleRate)) + 32;
      for (auto& c : converted_) c.resize(static_cast<size_t>(out_max));
      std::vector<uint8_t*> out = converted_planes();
      int n = swr_convert(swr_.get(), out.data(), out_max, nullptr, 0);
      if (n < 0) return media::av::make_av_error(n, "resample audio");
      DS_RETURN_IF_ERROR(push_samples(out.data(), n));
    }
    DS_RETURN_IF_ERROR(encode_fifo(true, on_packet));
    return send(nullptr, on_packet);
  }
  DS_RETURN_IF_ERROR(configure_resampler(f));
  if (!started_) {
    started_ = true;
    if (f->pts != AV_NOPTS_VALUE && f->sample_rate > 0) {
      const int64_t start = av_rescale(f->pts, kAudioSampleRate, f->sample_rate);
      if (start < 0) {
        skip_samples_ = -start;
      } else if (start > 0) {
        // Audio begins after the video: lead with silence so both start at 0.
        std::vector<float> silence(static_cast<size_t>(start), 0.0f);
        std::vector<uint8_t*> planes(static_cast<size_t>(settings_.channels), reinterpret_cast<uint8_t*>(silence.data()));
        DS_RETURN_IF_ERROR(push_samples(planes.data(), static_cast<int>(start)));
      }
    }
  }
  const int out_max = swr_get_out_samples(swr_.get(), f->nb_samples);
  if (out_max < 0) return media::av::make_av_error(out_max, "resample audio");
  for (auto& c : converted_) c.resize(static_cast<size_t>(out_max) + 1);
  std::vector<uint8_t*> out = converted_planes();
  int n = swr_convert(swr_.get(), out.data(), out_max, const_cast<const uint8_t**>(f->extended_data), f->nb_samples);
  if (n < 0) return media::av::make_av_error(n, "resample audio");
  DS_RETURN_IF_ERROR(push_samples(out.data(), n));
  return encode_fifo(false, on_packet);
}

media::Status AudioEncoder::encode_fifo(bool final, const AudioPacketHandler& on_packet) {
  while (av_audio_fifo_size(fifo_.get()) >= kAacFrameSamples || (final && av_audio_fifo_size(fifo_.get()) > 0)) {
    const int n = std::min(kAacFrameSamples, av_audio_fifo_size(fifo_.get()));
    AVFrame* f = frame_.get();
    av_frame_unref(f);
    f->nb_samples = n;
    f->format = AV_SAMPLE_FMT_FLTP;
    f->sample_rate = kAudioSampleRate;
    if (int ret = av_channel_layout_copy(&f->ch_layout, &codec_->ch_layout); ret < 0)
      return media::av::make_av_error(ret, "audio frame");
    if (int ret = av_frame_get_buffer(f, 0); ret < 0) return media::av::make_av_error(ret, "audio frame");
    if (int ret = av_audio_fifo_read(fifo_.get(), reinterpret_cast<void**>(f->data), n); ret < n)
      return media::av::make_av_error(ret < 0 ? ret : AVERROR_BUG, "audio FIFO read");
    f->pts = next_pts_;
    next_pts_ += n;
    DS_RETURN_IF_ERROR(send(f, on_packet));
  }
  return {};
}

media::Status AudioEncoder::send(const AVFrame* frame, const AudioPacketHandler& on_packet) {
  int ret = avcodec_send_frame(codec_.get(), frame);
  if (ret < 0 && ret != AVERROR_EOF) return media::av::make_av_error(ret, "AAC encoder: send frame");
  const AVRational out = AVRational{1, kAudioSampleRate};
  for (;;) {
    ret = avcodec_receive_packet(codec_.get(), packet_.get());
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return {};
    if (ret < 0) return media::av::make_av_error(ret, "AAC encoder: receive packet");
    EncodedAudioPacket e;
    // The encoder's priming delay makes packet pts start at -initial_padding.
    // The priming packet is dropped rather than shifted: shifted, every
    // sample would play 21 ms late in players that ignore edit lists (MSE);
    // dropped, the first packet decodes like any segment start after a seek.
    e.pts_ticks = av_rescale_q(packet_->pts, codec_->time_base, out);
    if (e.pts_ticks < 0) {
      av_packet_unref(packet_.get());
      continue;
    }
    e.duration_ticks = av_rescale_q(packet_->duration > 0 ? packet_->duration : kAacFrameSamples, codec_->time_base, out);
    e.data = std::span<const uint8_t>(packet_->data, static_cast<size_t>(packet_->size));
    media::Status st = on_packet(e);
    av_packet_unref(packet_.get());
    if (!st.ok()) return st;
  }
}

}  // namespace packager
