#include "packager/file_source.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "media/av/alloc.h"
#include "media/av/error.h"
#include "packager/subtitles/parsers.h"

namespace packager {
namespace {
// AV_TIME_BASE_Q as a C++ constant (the macro is a C99 compound literal).
constexpr AVRational kMicroseconds{1, AV_TIME_BASE};

int source_interrupt_requested(void* opaque) { return static_cast<const std::atomic<bool>*>(opaque)->load() ? 1 : 0; }

// How much shorter than its declared duration a file may decode before we
// call it truncated: container durations are estimates (MPEG-TS, VBR audio).
constexpr double kTruncationToleranceS = 1.0;
constexpr double kTruncationToleranceRatio = 0.05;

media::Error source_cancelled() { return media::make_error(media::ErrorCode::kCancelled, "interrupted"); }

bool usable_video(const AVStream* st) {
  return st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO && !(st->disposition & AV_DISPOSITION_ATTACHED_PIC) &&
         st->codecpar->width > 0 && st->codecpar->height > 0;
}

// Subtitles FFmpeg decodes to text (bitmap subtitles are not ours to convert).
bool is_text_subtitle(const AVStream* st) {
  if (st->codecpar->codec_type != AVMEDIA_TYPE_SUBTITLE) return false;
  switch (st->codecpar->codec_id) {
    case AV_CODEC_ID_SUBRIP:
    case AV_CODEC_ID_SRT:
    case AV_CODEC_ID_ASS:
    case AV_CODEC_ID_SSA:
    case AV_CODEC_ID_MOV_TEXT:
    case AV_CODEC_ID_WEBVTT:
    case AV_CODEC_ID_TEXT:
      return true;
    default:
      return false;
  }
}

StreamTags stream_tags(const AVStream* st, int number) {
  StreamTags t;
  t.number = number;
  t.codec = avcodec_get_name(st->codecpar->codec_id);
  t.channels = st->codecpar->ch_layout.nb_channels;
  if (const AVDictionaryEntry* e = av_dict_get(st->metadata, "language", nullptr, 0)) t.language = e->value;
  if (const AVDictionaryEntry* e = av_dict_get(st->metadata, "title", nullptr, 0)) t.title = e->value;
  t.is_default = (st->disposition & AV_DISPOSITION_DEFAULT) != 0;
  t.commentary = (st->disposition & AV_DISPOSITION_COMMENT) != 0;
  t.visual_impaired = (st->disposition & AV_DISPOSITION_VISUAL_IMPAIRED) != 0;
  t.hearing_impaired = (st->disposition & AV_DISPOSITION_HEARING_IMPAIRED) != 0;
  t.forced = (st->disposition & AV_DISPOSITION_FORCED) != 0;
  return t;
}

}  // namespace

media::Result<std::unique_ptr<FileSource>> FileSource::open(const std::string& path, const std::atomic<bool>& stop,
                                                            const FileSourceOptions& options) {
  std::unique_ptr<FileSource> s(new FileSource(path, stop));
  s->interrupt_ = AVIOInterruptCB{source_interrupt_requested, const_cast<std::atomic<bool>*>(&stop)};
  s->max_jump_s_ = options.max_timestamp_jump_s;
  s->live_stream_ = options.live_stream;
  AVDictionary* dict = nullptr;
  for (const auto& [key, value] : options.input_options) av_dict_set(&dict, key.c_str(), value.c_str(), 0);
  auto fmt = media::av::open_input(path, &s->interrupt_, &dict);
  av_dict_free(&dict);
  if (!fmt.ok()) return fmt.error();
  s->format_ = std::move(*fmt);
  s->info_.name = path;
  DS_RETURN_IF_ERROR(s->open_video(options.decoder_threads));
  DS_RETURN_IF_ERROR(s->open_audio(options.audio_streams));
  DS_RETURN_IF_ERROR(s->open_subtitles(options.subtitle_streams));
  if (!s->video_ && s->audio_.empty())
    return media::make_error(media::ErrorCode::kUnsupported, "no usable video or audio stream in '" + path + "'");
  AVFormatContext* fmt_ctx = s->format_.get();
  // Presentation start: the video's first timestamp (audio follows it), else the first audio's.
  const AVStream* first = fmt_ctx->streams[s->video_ ? s->video_->stream : s->audio_.front().stream];
  if (first->start_time != AV_NOPTS_VALUE) s->start_us_ = av_rescale_q(first->start_time, first->time_base, kMicroseconds);
  else if (fmt_ctx->start_time != AV_NOPTS_VALUE) s->start_us_ = fmt_ctx->start_time;
  if (fmt_ctx->duration > 0) s->info_.duration_s = double(fmt_ctx->duration) / AV_TIME_BASE;
  // Everything else is skipped by the demuxer, except subtitle packets: the
  // container's duration counts them, so their times tell a truncated file
  // from a long last cue.
  for (unsigned i = 0; i < fmt_ctx->nb_streams; ++i)
    if (fmt_ctx->streams[i]->codecpar->codec_type != AVMEDIA_TYPE_SUBTITLE) fmt_ctx->streams[i]->discard = AVDISCARD_ALL;
  if (s->video_) fmt_ctx->streams[s->video_->stream]->discard = AVDISCARD_DEFAULT;
  for (const auto& a : s->audio_) fmt_ctx->streams[a.stream]->discard = AVDISCARD_DEFAULT;
  auto frame = media::av::alloc_frame();
  auto pending = media::av::alloc_frame();
  auto pkt = media::av::alloc_packet();
  if (!frame.ok() || !pending.ok() || !pkt.ok()) return media::make_error(media::ErrorCode::kInternal, "out of memory");
  s->frame_ = std::move(*frame);
  s->pending_ = std::move(*pending);
  s->packet_ = std::move(*pkt);
  return s;
}

media::Result<media::av::CodecContextPtr> FileSource::open_decoder(int index, int threads) const {
  const AVStream* st = format_->streams[index];
  const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
  const char* kind = av_get_media_type_string(st->codecpar->codec_type);
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
}

media::Status FileSource::open_video(int decoder_threads) {
  AVFormatContext* fmt = format_.get();
  // The best video stream that we can decode.
  int v = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (v >= 0 && !usable_video(fmt->streams[v])) {
    v = -1;
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
      if (usable_video(fmt->streams[i])) {
        v = static_cast<int>(i);
        break;
      }
  }
  if (v < 0) return {};
  auto dec = open_decoder(v, decoder_threads);
  if (!dec.ok()) return dec.error();
  video_ = Input{v, AVMEDIA_TYPE_VIDEO, 0, std::move(*dec)};
  AVStream* st = fmt->streams[v];
  info_.has_video = true;
  info_.video_codec = avcodec_get_name(st->codecpar->codec_id);
  info_.geometry.width = static_cast<uint32_t>(st->codecpar->width);
  info_.geometry.height = static_cast<uint32_t>(st->codecpar->height);
  AVRational sar = av_guess_sample_aspect_ratio(fmt, st, nullptr);
  if (sar.num > 0 && sar.den > 0) {
    info_.geometry.sar_num = static_cast<uint32_t>(sar.num);
    info_.geometry.sar_den = static_cast<uint32_t>(sar.den);
  }
  info_.geometry.rotation_deg = stream_rotation_deg(st);
  rotation_ = std::make_unique<VideoRotation>(info_.geometry.rotation_deg);
  info_.frame_rate = normalize_frame_rate(av_q2d(av_guess_frame_rate(fmt, st, nullptr)));
  return {};
}

media::Status FileSource::open_audio(const std::optional<std::vector<int>>& chosen) {
  AVFormatContext* fmt = format_.get();
  std::vector<int> streams;  // the input's audio streams, by number
  for (unsigned i = 0; i < fmt->nb_streams; ++i)
    if (fmt->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) streams.push_back(static_cast<int>(i));
  std::vector<int> numbers;
  if (chosen) {
    for (int n : *chosen) {
      if (n < 0 || n >= int(streams.size()))
        return media::make_error(media::ErrorCode::kInvalidArgument,
                                 "--audio " + std::to_string(n) + ": '" + path_ + "' has " +
                                     std::to_string(streams.size()) + " audio stream(s)" +
                                     (streams.empty() ? "" : " (0-" + std::to_string(streams.size() - 1) + ")"));
      numbers.push_back(n);
    }
  } else {
    // Every audio stream that says what it is (a sample rate); others are skipped.
    for (size_t n = 0; n < streams.size(); ++n)
      if (fmt->streams[streams[n]]->codecpar->sample_rate > 0) numbers.push_back(static_cast<int>(n));
  }
  for (int n : numbers) {
    const int index = streams[static_cast<size_t>(n)];
    if (fmt->streams[index]->codecpar->sample_rate <= 0)
      return media::make_error(media::ErrorCode::kUnsupported,
                               "audio stream " + std::to_string(n) + " of '" + path_ + "' has no sample rate");
    auto dec = open_decoder(index, 1);
    if (!dec.ok()) return dec.error();
    audio_.push_back(Input{index, AVMEDIA_TYPE_AUDIO, static_cast<int>(audio_.size()), std::move(*dec)});
    info_.audio.push_back(stream_tags(fmt->streams[index], n));
  }
  info_.has_audio = !audio_.empty();
  return {};
}

media::Status FileSource::open_subtitles(const std::optional<std::vector<int>>& chosen) {
  AVFormatContext* fmt = format_.get();
  std::vector<int> streams;  // the input's text subtitle streams, by number
  for (unsigned i = 0; i < fmt->nb_streams; ++i)
    if (is_text_subtitle(fmt->streams[i])) streams.push_back(static_cast<int>(i));
  std::vector<int> numbers;
  if (chosen) {
    for (int n : *chosen) {
      if (n < 0 || n >= int(streams.size()))
        return media::make_error(media::ErrorCode::kInvalidArgument,
                                 "--subtitle-streams " + std::to_string(n) + ": '" + path_ + "' has " +
                                     std::to_string(streams.size()) + " text subtitle stream(s)");
      numbers.push_back(n);
    }
  } else {
    for (size_t n = 0; n < streams.size(); ++n) numbers.push_back(static_cast<int>(n));
  }
  for (int n : numbers) {
    const int index = streams[static_cast<size_t>(n)];
    auto dec = open_decoder(index, 1);
    if (!dec.ok()) return dec.error();
    subtitles_.push_back(Input{index, AVMEDIA_TYPE_SUBTITLE, static_cast<int>(subtitles_.size()), std::move(*dec)});
    info_.subtitles.push_back(stream_tags(fmt->streams[index], n));
  }
  return {};
}

void FileSource::note_text_end(const AVPacket* packet) {
  const AVStream* st = format_->streams[packet->stream_index];
  if (st->codecpar->codec_type != AVMEDIA_TYPE_SUBTITLE || packet->pts == AV_NOPTS_VALUE) return;
  const double end_s = av_q2d(st->time_base) * double(packet->pts + std::max<int64_t>(packet->duration, 0)) - start_us_ / 1e6;
  text_end_s_ = std::max(text_end_s_, end_s);
}

media::Status FileSource::decode_subtitle(const Input& input, const AVPacket* packet, FrameConsumer& consumer) {
  if (packet == nullptr || packet->pts == AV_NOPTS_VALUE) return {};
  note_text_end(packet);
  const AVStream* st = format_->streams[input.stream];
  AVSubtitle sub{};
  int got = 0;
  int ret = avcodec_decode_subtitle2(input.decoder.get(), &sub, &got, const_cast<AVPacket*>(packet));
  if (ret < 0)
    return media::av::make_av_error(ret, "decode subtitles of '" + path_ + "'" + at(st, packet->pts));
  if (!got) return {};
  // Times from the packet (the decoders' display times are relative to it).
  const int64_t start_ms = av_rescale_q(packet->pts, st->time_base, AVRational{1, 1000}) - start_us_ / 1000;
  const int64_t duration_ms = packet->duration > 0 ? av_rescale_q(packet->duration, st->time_base, AVRational{1, 1000})
                                                    : int64_t(sub.end_display_time);
  std::string text;
  for (unsigned i = 0; i < sub.num_rects; ++i) {
    const AVSubtitleRect* rect = sub.rects[i];
    // FFmpeg's text decoders all produce ASS events: "ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text".
    std::string line = rect->ass != nullptr ? subtitles::ass_event_text(rect->ass, 8)
                       : rect->text != nullptr ? std::string(rect->text) : std::string();
    if (line.empty()) continue;
    if (!text.empty()) text += '\n';
    text += line;
  }
  avsubtitle_free(&sub);
  if (text.empty() || duration_ms <= 0) return {};
  subtitles::Cue cue;
  cue.start_ms = start_ms;
  cue.end_ms = start_ms + duration_ms;
  cue.text = std::move(text);
  return consumer.on_cue(std::move(cue), static_cast<size_t>(input.track));
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
    if (stop_.load()) return source_cancelled();
    int ret = av_read_frame(fmt, packet_.get());
    if (ret == AVERROR_EOF) break;
    if (ret == AVERROR_EXIT || stop_.load()) return source_cancelled();
    if (ret < 0 && live_stream_) break;  // disconnected: what came is complete
    if (ret < 0) return media::av::make_av_error(ret, "read '" + path_ + "'");
    media::Status st;
    if (Input* input = input_of(packet_->stream_index)) st = decode(*input, packet_.get(), consumer);
    else note_text_end(packet_.get());
    av_packet_unref(packet_.get());
    if (!st.ok()) return st;
  }
  if (fmt->pb != nullptr && fmt->pb->error < 0 && !live_stream_)
    return media::av::make_av_error(fmt->pb->error, "read '" + path_ + "'");
  if (video_) DS_RETURN_IF_ERROR(decode(*video_, nullptr, consumer));
  for (auto& a : audio_) DS_RETURN_IF_ERROR(decode(a, nullptr, consumer));
  if (video_ && converter_.finish() > 0) {
    DS_RETURN_IF_ERROR(consumer.on_video(pending_.get(), converter_.pending_index()));
    ++video_frames_out_;
  }
  return check_complete();
}

media::Status FileSource::check_complete() const {
  if (info_.has_video && video_frames_out_ == 0)
    return media::make_error(media::ErrorCode::kParse, "no video frame could be decoded from '" + path_ + "'");
  const double video_end_s = info_.has_video ? video_frames_out_ / info_.frame_rate.fps() : 0;
  const double end_s = std::max({video_end_s, audio_end_s_, text_end_s_});
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

FileSource::Input* FileSource::input_of(int stream) {
  if (video_ && video_->stream == stream) return &*video_;
  for (auto& a : audio_)
    if (a.stream == stream) return &a;
  for (auto& t : subtitles_)
    if (t.stream == stream) return &t;
  return nullptr;
}

media::Status FileSource::decode(Input& input, const AVPacket* packet, FrameConsumer& consumer) {
  AVCodecContext* decoder = input.decoder.get();
  if (input.kind == AVMEDIA_TYPE_SUBTITLE) return decode_subtitle(input, packet, consumer);
  const bool video = input.kind == AVMEDIA_TYPE_VIDEO;
  const AVStream* st = format_->streams[input.stream];
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
    media::Status s = video ? on_video_frame(frame_.get(), consumer) : on_audio_frame(input, frame_.get(), consumer);
    av_frame_unref(frame_.get());
    if (!s.ok()) return s;
  }
}

media::Status FileSource::on_video_frame(AVFrame* frame, FrameConsumer& consumer) {
  const AVStream* st = format_->streams[video_->stream];
  std::optional<int64_t> position;
  const AVRational frame_units{static_cast<int>(info_.frame_rate.den), static_cast<int>(info_.frame_rate.num)};
  if (frame->best_effort_timestamp != AV_NOPTS_VALUE) {
    const int64_t start = av_rescale_q(start_us_ + video_->shift_us, kMicroseconds, st->time_base);
    position = av_rescale_q_rnd(frame->best_effort_timestamp - start, st->time_base, frame_units,
                                static_cast<AVRounding>(AV_ROUND_NEAR_INF | AV_ROUND_PASS_MINMAX));
  }
  if (position && max_jump_s_ > 0 && converter_.finish() > 0) {  // a frame came before
    const int64_t expected = converter_.pending_index() + 1;
    if (std::llabs(*position - expected) > std::llround(max_jump_s_ * info_.frame_rate.fps())) {
      video_->shift_us += av_rescale_q(*position - expected, frame_units, kMicroseconds);
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

media::Status FileSource::on_audio_frame(Input& input, AVFrame* frame, FrameConsumer& consumer) {
  const AVStream* st = format_->streams[input.stream];
  if (frame->best_effort_timestamp != AV_NOPTS_VALUE && frame->sample_rate > 0) {
    const int64_t start = av_rescale_q(start_us_ + input.shift_us, kMicroseconds, st->time_base);
    frame->pts = av_rescale_q(frame->best_effort_timestamp - start, st->time_base, AVRational{1, frame->sample_rate});
    if (max_jump_s_ > 0 && input.next_pts && std::llabs(frame->pts - *input.next_pts) > max_jump_s_ * frame->sample_rate) {
      input.shift_us += av_rescale_q(frame->pts - *input.next_pts, AVRational{1, frame->sample_rate}, kMicroseconds);
      frame->pts = *input.next_pts;
    }
    input.next_pts = frame->pts + frame->nb_samples;
    audio_end_s_ = std::max(audio_end_s_, double(frame->pts + frame->nb_samples) / frame->sample_rate);
  } else {
    frame->pts = AV_NOPTS_VALUE;
  }
  return consumer.on_audio(frame, static_cast<size_t>(input.track));
}

}  // namespace packager
