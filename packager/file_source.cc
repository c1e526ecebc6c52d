#include "packager/file_source.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "media/av/alloc.h"
#include "media/av/error.h"

namespace packager {
namespace {

int interrupt_requested(void* opaque) { return static_cast<const std::atomic<bool>*>(opaque)->load() ? 1 : 0; }

// How much shorter than its declared duration a file may decode before we
// call it truncated: container durations are estimates (MPEG-TS, VBR audio).
constexpr double kTruncationToleranceS = 1.0;
constexpr double kTruncationToleranceRatio = 0.05;

media::Error cancelled() { return media::make_error(media::ErrorCode::kCancelled, "interrupted"); }

bool usable_video(const AVStream* st) {
  return st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO && !(st->disposition & AV_DISPOSITION_ATTACHED_PIC) &&
         st->codecpar->width > 0 && st->codecpar->height > 0;
}

}  // namespace

media::Result<std::unique_ptr<FileSource>> FileSource::open(const std::string& path, const std::atomic<bool>& stop,
                                                            int decoder_threads, const FileSourceOptions& options) {
  std::unique_ptr<FileSource> s(new FileSource(path, stop));
  s->interrupt_ = AVIOInterruptCB{interrupt_requested, const_cast<std::atomic<bool>*>(&stop)};
  s->max_jump_s_ = options.max_timestamp_jump_s;
  s->live_stream_ = options.live_stream;
  AVDictionary* dict = nullptr;
  for (const auto& [key, value] : options.input_options) av_dict_set(&dict, key.c_str(), value.c_str(), 0);
  auto fmt = media::av::open_input(path, &s->interrupt_, &dict);
  av_dict_free(&dict);
  if (!fmt.ok()) return fmt.error();
  s->format_ = std::move(*fmt);
  DS_RETURN_IF_ERROR(s->open_decoders(decoder_threads));
  auto frame = media::av::alloc_frame();
  auto pending = media::av::alloc_frame();
  auto pkt = media::av::alloc_packet();
  if (!frame.ok() || !pending.ok() || !pkt.ok()) return media::make_error(media::ErrorCode::kInternal, "out of memory");
  s->frame_ = std::move(*frame);
  s->pending_ = std::move(*pending);
  s->packet_ = std::move(*pkt);
  return s;
}

media::Status FileSource::open_decoders(int decoder_threads) {
  AVFormatContext* fmt = format_.get();
  info_.name = path_;
  // The best stream of each kind that we can decode.
  int v = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (v >= 0 && !usable_video(fmt->streams[v])) {
    v = -1;
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
      if (usable_video(fmt->streams[i])) {
        v = static_cast<int>(i);
        break;
      }
  }
  int a = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, v, nullptr, 0);
  if (a >= 0 && fmt->streams[a]->codecpar->sample_rate <= 0) a = -1;
  if (v < 0 && a < 0)
    return media::make_error(media::ErrorCode::kUnsupported, "no usable video or audio stream in '" + path_ + "'");

  auto open = [&](int index, int threads) -> media::Result<media::av::CodecContextPtr> {
    const AVStream* st = fmt->streams[index];
    const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
    const char* kind = st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO ? "video" : "audio";
    if (codec == nullptr)
      return media::make_error(media::ErrorCode::kUnsupported, std::string("no decoder for the ") + kind + " codec '" +
                                                                   avcodec_get_name(st->codecpar->codec_id) + "' of '" +
                                                                   path_ + "'");
    auto ctx = media::av::alloc_codec_context(codec, "decoder");
    if (!ctx.ok()) return ctx.error();
    if (int ret = avcodec_parameters_to_context(ctx->get(), st->codecpar); ret < 0)
      return media::av::make_av_error(ret, std::string("configure ") + kind + " decoder for '" + path_ + "'");
    (*ctx)->pkt_timebase = st->time_base;
    (*ctx)->thread_count = threads;
    if (int ret = avcodec_open2(ctx->get(), codec, nullptr); ret < 0)
      return media::av::make_av_error(ret, std::string("open ") + kind + " decoder for '" + path_ + "'");
    return std::move(*ctx);
  };

  if (v >= 0) {
    auto dec = open(v, decoder_threads);
    if (!dec.ok()) return dec.error();
    video_decoder_ = std::move(*dec);
    video_index_ = v;
    const AVStream* st = fmt->streams[v];
    info_.has_video = true;
    info_.video_codec = avcodec_get_name(st->codecpar->codec_id);
    info_.geometry.width = static_cast<uint32_t>(st->codecpar->width);
    info_.geometry.height = static_cast<uint32_t>(st->codecpar->height);
    AVRational sar = av_guess_sample_aspect_ratio(fmt, const_cast<AVStream*>(st), nullptr);
    if (sar.num > 0 && sar.den > 0) {
      info_.geometry.sar_num = static_cast<uint32_t>(sar.num);
      info_.geometry.sar_den = static_cast<uint32_t>(sar.den);
    }
    info_.geometry.rotation_deg = stream_rotation_deg(st);
    rotation_ = std::make_unique<VideoRotation>(info_.geometry.rotation_deg);
    info_.frame_rate = normalize_frame_rate(av_q2d(av_guess_frame_rate(fmt, const_cast<AVStream*>(st), nullptr)));
  }
  if (a >= 0) {
    auto dec = open(a, 1);
    if (!dec.ok()) return dec.error();
    audio_decoder_ = std::move(*dec);
    audio_index_ = a;
    info_.has_audio = true;
    info_.audio_codec = avcodec_get_name(fmt->streams[a]->codecpar->codec_id);
  }
  // Presentation start: the video's first timestamp (audio follows it), else the audio's.
  const AVStream* first = fmt->streams[v >= 0 ? v : a];
  if (first->start_time != AV_NOPTS_VALUE) start_us_ = av_rescale_q(first->start_time, first->time_base, AV_TIME_BASE_Q);
  else if (fmt->start_time != AV_NOPTS_VALUE) start_us_ = fmt->start_time;
  if (fmt->duration > 0) info_.duration_s = double(fmt->duration) / AV_TIME_BASE;
  // Everything else is skipped by the demuxer.
  for (unsigned i = 0; i < fmt->nb_streams; ++i)
    if (int(i) != v && int(i) != a) fmt->streams[i]->discard = AVDISCARD_ALL;
  return {};
}

std::string FileSource::at(const AVStream* st, int64_t ts) const {
  if (ts == AV_NOPTS_VALUE) return "";
  char buf[48];
  std::snprintf(buf, sizeof buf, " at %.3f s", av_q2d(st->time_base) * double(ts) - start_us_ / 1e6);
  return buf;
}

media::Status FileSource::run(FrameConsumer& consumer) {
  AVFormatContext* fmt = format_.get();
  for (;;) {
    if (stop_.load()) return cancelled();
    int ret = av_read_frame(fmt, packet_.get());
    if (ret == AVERROR_EOF) break;
    if (ret == AVERROR_EXIT || stop_.load()) return cancelled();
    if (ret < 0 && live_stream_) break;  // disconnected: what came is complete
    if (ret < 0) return media::av::make_av_error(ret, "read '" + path_ + "'");
    media::Status st;
    if (packet_->stream_index == video_index_) st = decode(video_decoder_.get(), packet_.get(), consumer);
    else if (packet_->stream_index == audio_index_) st = decode(audio_decoder_.get(), packet_.get(), consumer);
    av_packet_unref(packet_.get());
    if (!st.ok()) return st;
  }
  if (fmt->pb != nullptr && fmt->pb->error < 0 && !live_stream_)
    return media::av::make_av_error(fmt->pb->error, "read '" + path_ + "'");
  if (video_decoder_) DS_RETURN_IF_ERROR(decode(video_decoder_.get(), nullptr, consumer));
  if (audio_decoder_) DS_RETURN_IF_ERROR(decode(audio_decoder_.get(), nullptr, consumer));
  if (video_decoder_ && converter_.finish() > 0) {
    DS_RETURN_IF_ERROR(consumer.on_video(pending_.get(), converter_.pending_index()));
    ++video_frames_out_;
  }
  return check_complete();
}

media::Status FileSource::check_complete() const {
  if (info_.has_video && video_frames_out_ == 0)
    return media::make_error(media::ErrorCode::kParse, "no video frame could be decoded from '" + path_ + "'");
  const double video_end_s = info_.has_video ? video_frames_out_ / info_.frame_rate.fps() : 0;
  const double end_s = std::max(video_end_s, audio_end_s_);
  const double tolerance = std::max(kTruncationToleranceS, info_.duration_s * kTruncationToleranceRatio);
  // With re-anchored timestamps (live) the declared duration means nothing.
  if (max_jump_s_ == 0 && info_.duration_s > 0 && end_s + tolerance < info_.duration_s) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "' ends at %.2f s of its declared %.2f s: truncated or corrupt", end_s,
                  info_.duration_s);
    return media::make_error(media::ErrorCode::kParse, "input '" + path_ + buf);
  }
  return {};
}

media::Status FileSource::decode(AVCodecContext* decoder, const AVPacket* packet, FrameConsumer& consumer) {
  const bool video = decoder == video_decoder_.get();
  const AVStream* st = format_->streams[video ? video_index_ : audio_index_];
  const char* kind = video ? "video" : "audio";
  int ret = avcodec_send_packet(decoder, packet);
  if (ret == AVERROR_INVALIDDATA && live_stream_) return {};
  if (ret < 0 && ret != AVERROR_EOF)
    return media::av::make_av_error(ret, std::string("decode ") + kind + " of '" + path_ + "'" +
                                             (packet ? at(st, packet->pts) : std::string()));
  for (;;) {
    ret = avcodec_receive_frame(decoder, frame_.get());
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return {};
    if (ret < 0) return media::av::make_av_error(ret, std::string("decode ") + kind + " of '" + path_ + "'");
    if (frame_->decode_error_flags != 0 || (frame_->flags & AV_FRAME_FLAG_CORRUPT)) {
      if (live_stream_) {
        av_frame_unref(frame_.get());
        continue;
      }
      const std::string where = at(st, frame_->best_effort_timestamp);
      av_frame_unref(frame_.get());
      return media::make_error(media::ErrorCode::kParse,
                               std::string("decode ") + kind + " of '" + path_ + "'" + where + ": corrupt data");
    }
    media::Status s = video ? on_video_frame(frame_.get(), consumer) : on_audio_frame(frame_.get(), consumer);
    av_frame_unref(frame_.get());
    if (!s.ok()) return s;
  }
}

media::Status FileSource::on_video_frame(AVFrame* frame, FrameConsumer& consumer) {
  const AVStream* st = format_->streams[video_index_];
  std::optional<int64_t> position;
  const AVRational frame_units{static_cast<int>(info_.frame_rate.den), static_cast<int>(info_.frame_rate.num)};
  if (frame->best_effort_timestamp != AV_NOPTS_VALUE) {
    const int64_t start = av_rescale_q(start_us_ + video_shift_us_, AV_TIME_BASE_Q, st->time_base);
    position = av_rescale_q_rnd(frame->best_effort_timestamp - start, st->time_base, frame_units,
                                static_cast<AVRounding>(AV_ROUND_NEAR_INF | AV_ROUND_PASS_MINMAX));
  }
  if (position && max_jump_s_ > 0 && converter_.finish() > 0) {  // a frame came before
    const int64_t expected = converter_.pending_index() + 1;
    if (std::llabs(*position - expected) > std::llround(max_jump_s_ * info_.frame_rate.fps())) {
      video_shift_us_ += av_rescale_q(*position - expected, frame_units, AV_TIME_BASE_Q);
      position = expected;
    }
  }
  const int64_t first = converter_.pending_index();
  const int64_t repeats = converter_.push(position);
  for (int64_t i = 0; i < repeats; ++i) {
    DS_RETURN_IF_ERROR(consumer.on_video(pending_.get(), first + i));
    ++video_frames_out_;
  }
  av_frame_unref(pending_.get());
  if (rotation_ && rotation_->active()) {
    auto rotated = rotation_->apply(frame);
    if (!rotated.ok()) return rotated.error();
    if (int ret = av_frame_ref(pending_.get(), *rotated); ret < 0) return media::av::make_av_error(ret, "video frame");
  } else {
    av_frame_move_ref(pending_.get(), frame);
  }
  return {};
}

media::Status FileSource::on_audio_frame(AVFrame* frame, FrameConsumer& consumer) {
  const AVStream* st = format_->streams[audio_index_];
  if (frame->best_effort_timestamp != AV_NOPTS_VALUE && frame->sample_rate > 0) {
    const int64_t start = av_rescale_q(start_us_ + audio_shift_us_, AV_TIME_BASE_Q, st->time_base);
    frame->pts = av_rescale_q(frame->best_effort_timestamp - start, st->time_base, AVRational{1, frame->sample_rate});
    if (max_jump_s_ > 0 && audio_next_pts_ && std::llabs(frame->pts - *audio_next_pts_) > max_jump_s_ * frame->sample_rate) {
      audio_shift_us_ += av_rescale_q(frame->pts - *audio_next_pts_, AVRational{1, frame->sample_rate}, AV_TIME_BASE_Q);
      frame->pts = *audio_next_pts_;
    }
    audio_next_pts_ = frame->pts + frame->nb_samples;
    audio_end_s_ = std::max(audio_end_s_, double(frame->pts + frame->nb_samples) / frame->sample_rate);
  } else {
    frame->pts = AV_NOPTS_VALUE;
  }
  return consumer.on_audio(frame);
}

}  // namespace packager
