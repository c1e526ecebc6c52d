#include "packager/video_encoder.h"

#include <array>
#include <cmath>

extern "C" {
#include <libavutil/intreadwrite.h>
#include <libavutil/opt.h>
}

#include "media/av/alloc.h"
#include "media/av/error.h"

namespace packager {
namespace {

// x264 preset names and the SVT-AV1 presets at about the same place on the speed scale.
constexpr std::array<std::pair<const char*, int>, 10> kSvtPresets{{{"ultrafast", 13},
                                                                  {"superfast", 12},
                                                                  {"veryfast", 11},
                                                                  {"faster", 10},
                                                                  {"fast", 9},
                                                                  {"medium", 8},
                                                                  {"slow", 6},
                                                                  {"slower", 5},
                                                                  {"veryslow", 4},
                                                                  {"placebo", 2}}};

// Codec-specific options: every one says why it is there.
void set_codec_options(const VideoEncoderSettings& s, AVCodecContext* c, AVDictionary** opts) {
  const std::string gop = std::to_string(s.gop_frames);
  switch (s.codec) {
    case VideoCodec::kH264:
      c->thread_count = s.threads;
      c->thread_type = FF_THREAD_FRAME;
      av_dict_set(opts, "preset", s.preset.c_str(), 0);
      av_dict_set(opts, "forced-idr", "1", 0);
      av_dict_set(opts, "sc_threshold", "0", 0);  // no scene-cut key frames between boundaries
      c->flags |= AV_CODEC_FLAG_PSNR;             // x264 logs each frame's PSNR (see x264_stats.h)
      if (s.low_delay) {
        c->max_b_frames = 0;
        // Pinned too are the settings that shape SPS/PPS, which the fastest
        // presets would change, so a live run can step presets (switch_preset).
        av_dict_set(opts, "x264-params", "rc-lookahead=0:sync-lookahead=0:mbtree=0:bframes=0:cabac=1:8x8dct=1:weightp=1", 0);
      }
      break;
    case VideoCodec::kHevc: {
      av_dict_set(opts, "preset", s.preset.c_str(), 0);
      av_dict_set(opts, "forced-idr", "1", 0);
      // x265 logs to stderr by itself: errors only. Its own thread pool and frame threads replace FFmpeg's threads.
      const std::string params = "scenecut=0:open-gop=0:keyint=" + gop + ":min-keyint=" + gop +
                                 ":log-level=error:pools=" + std::to_string(s.threads) +
                                 ":frame-threads=" + std::to_string(std::max(1, s.threads / 2));
      av_dict_set(opts, "x265-params", params.c_str(), 0);
      break;
    }
    case VideoCodec::kAv1: {
      av_dict_set(opts, "preset", std::to_string(svt_av1_preset(s.preset)).c_str(), 0);
      // A true key frame (closed GOP) every gop_frames pictures; lp bounds its threads.
      const std::string params = "irefresh-type=2:scd=0:lp=" + std::to_string(s.threads);
      av_dict_set(opts, "svtav1-params", params.c_str(), 0);
      break;
    }
  }
}

// "libx264 640x360", for messages.
std::string describe(const VideoEncoderSettings& s) {
  return std::string(encoder_name(s.codec)) + " " + std::to_string(s.width) + "x" + std::to_string(s.height);
}

}  // namespace

int svt_av1_preset(const std::string& x264_preset) {
  for (const auto& [name, preset] : kSvtPresets)
    if (x264_preset == name) return preset;
  return 11;
}

media::Result<media::av::CodecContextPtr> VideoEncoder::open_codec(const VideoEncoderSettings& s, FramePsnrQueue* psnr) {
  const std::string encoder(encoder_name(s.codec));
  const std::string what = describe(s);
  // Only x264 is tuned for low delay here; --live refuses other codecs first.
  if (s.low_delay && s.codec != VideoCodec::kH264)
    return media::make_error(media::ErrorCode::kUnsupported, what + ": low-delay encoding needs libx264");
  const AVCodec* codec = avcodec_find_encoder_by_name(encoder.c_str());
  if (codec == nullptr) return media::make_error(media::ErrorCode::kUnsupported, "this FFmpeg has no " + encoder + " encoder");
  auto ctx = media::av::alloc_codec_context(codec, what);
  if (!ctx.ok()) return ctx.error();
  AVCodecContext* c = ctx->get();
  c->width = static_cast<int>(s.width);
  c->height = static_cast<int>(s.height);
  c->pix_fmt = AV_PIX_FMT_YUV420P;
  c->sample_aspect_ratio = AVRational{1, 1};
  c->time_base = AVRational{static_cast<int>(s.frame_rate.den), static_cast<int>(s.frame_rate.num)};
  c->framerate = AVRational{static_cast<int>(s.frame_rate.num), static_cast<int>(s.frame_rate.den)};
  c->bit_rate = s.rate_bps;
  c->rc_max_rate = static_cast<int64_t>(std::llround(s.rate_bps * kMaxRateFactor));
  c->rc_buffer_size = static_cast<int>(std::llround(c->rc_max_rate * kBufferSeconds));
  c->gop_size = s.gop_frames;
  c->keyint_min = s.gop_frames;  // x264 clamps it to gop/2+1; key frames come from us
  // The init segment carries the codec configuration; every GOP is closed
  // so each segment decodes on its own.
  c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER | AV_CODEC_FLAG_CLOSED_GOP;
  c->color_range = AVCOL_RANGE_MPEG;
  AVDictionary* opts = nullptr;
  set_codec_options(s, c, &opts);
  // x264 logs each frame's PSNR while avcodec_open2 and encoding run.
  if (s.codec == VideoCodec::kH264) attach_psnr_tap(c, psnr);
  int ret = avcodec_open2(c, codec, &opts);
  av_dict_free(&opts);
  if (ret < 0) {
    if (s.codec == VideoCodec::kH264) detach_psnr_tap(c);
    return media::av::make_av_error(ret, "open " + what);
  }
  return std::move(*ctx);
}

media::Result<std::unique_ptr<VideoEncoder>> VideoEncoder::open(const VideoEncoderSettings& s) {
  std::unique_ptr<VideoEncoder> enc(new VideoEncoder(s));
  enc->what_ = describe(s);
  auto ctx = open_codec(s, &enc->psnr_);
  if (!ctx.ok()) return ctx.error();
  enc->codec_ = std::move(*ctx);
  AVCodecContext* c = enc->codec_.get();
  auto pkt = media::av::alloc_packet();
  if (!pkt.ok()) return pkt.error();
  enc->packet_ = std::move(*pkt);
  auto stream = video_stream_config(s.codec, {c->extradata, static_cast<size_t>(std::max(0, c->extradata_size))}, {});
  if (!stream.ok()) return stream.error().with_context(enc->what_);
  enc->stream_ = *stream;
  return enc;
}

media::Result<bool> VideoEncoder::switch_preset(const std::string& preset, const VideoPacketHandler& on_packet) {
  if (preset == settings_.preset) return true;
  if (settings_.codec != VideoCodec::kH264) return false;  // only x264's headers are pinned (low_delay)
  VideoEncoderSettings next = settings_;
  next.preset = preset;
  auto fresh = open_codec(next, &psnr_);
  if (!fresh.ok()) return fresh.error();
  const ByteSpan extradata{(*fresh)->extradata, static_cast<size_t>(std::max(0, (*fresh)->extradata_size))};
  auto stream = video_stream_config(next.codec, extradata, {});
  if (!stream.ok() || *stream != stream_) {
    detach_psnr_tap(fresh->get());
    return false;
  }
  // Same headers: the old encoder finishes every frame in flight, then the new one goes on.
  DS_RETURN_IF_ERROR(encode(nullptr, on_packet));
  detach_psnr_tap(codec_.get());
  codec_ = std::move(*fresh);
  settings_ = next;
  return true;
}

VideoEncoder::~VideoEncoder() {
  if (codec_ && settings_.codec == VideoCodec::kH264) detach_psnr_tap(codec_.get());
}

media::Status VideoEncoder::encode(const AVFrame* frame, const VideoPacketHandler& on_packet) {
  int ret = avcodec_send_frame(codec_.get(), frame);
  if (ret < 0 && ret != AVERROR_EOF) return media::av::make_av_error(ret, what_ + ": send frame");
  return drain(on_packet);
}

media::Status VideoEncoder::drain(const VideoPacketHandler& on_packet) {
  const AVRational time_base = codec_->time_base;
  const AVRational out = AVRational{1, static_cast<int>(settings_.timescale)};
  for (;;) {
    int ret = avcodec_receive_packet(codec_.get(), packet_.get());
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return {};
    if (ret < 0) return media::av::make_av_error(ret, what_ + ": receive packet");
    const AVPacket* p = packet_.get();
    EncodedVideoPacket e;
    // Encoder time base (1/fps) → track timescale, exactly (the timescale is a multiple).
    e.pts_ticks = av_rescale_q(p->pts, time_base, out);
    e.dts_ticks = av_rescale_q(p->dts, time_base, out);
    e.duration_ticks = av_rescale_q(p->duration > 0 ? p->duration : 1, time_base, out);
    e.key = (p->flags & AV_PKT_FLAG_KEY) != 0;
    sample_.clear();
    media::Status converted =
        append_video_sample(settings_.codec, {p->data, static_cast<size_t>(p->size)}, NalFraming{}, sample_);
    if (!converted.ok()) {
      av_packet_unref(packet_.get());
      return converted.error().with_context(what_);
    }
    e.data = sample_;
    if (settings_.codec == VideoCodec::kH264) {
      size_t stats_size = 0;
      const uint8_t* stats = av_packet_get_side_data(p, AV_PKT_DATA_QUALITY_STATS, &stats_size);
      // Layout: u32 quality, u8 pict_type, u8 error count, u16 reserved, u64 errors[] (SSE per plane).
      const uint64_t pixels = uint64_t(settings_.width) * settings_.height;
      const std::optional<double> logged_psnr = psnr_.pop();  // one line per output frame
      if (stats != nullptr && stats_size >= 16 && stats[5] >= 1) {
        e.luma_sse = AV_RL64(stats + 8);  // newer FFmpeg exports the errors directly
        e.luma_pixels = pixels;
      } else if (logged_psnr) {
        // Back to squared error so segments aggregate as one PSNR over all their pixels.
        const double mse = 255.0 * 255.0 / std::pow(10.0, *logged_psnr / 10.0);
        e.luma_sse = static_cast<uint64_t>(std::llround(mse * double(pixels)));
        e.luma_pixels = pixels;
      }
    }
    media::Status st = on_packet(e);
    av_packet_unref(packet_.get());
    if (!st.ok()) return st;
  }
}

}  // namespace packager
