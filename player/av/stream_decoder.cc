#include "player/av/stream_decoder.h"

#include "media/av/alloc.h"
#include "media/av/error.h"

namespace player {

media::Status StreamDecoder::prepare(const std::string& rep_id, const AVStream& stream, const FrameCallback& on_frame) {
  if (codec_ && rep_id == rep_id_) return {};
  if (codec_) DS_RETURN_IF_ERROR(drain(on_frame));
  const AVCodec* codec = avcodec_find_decoder(stream.codecpar->codec_id);
  if (codec == nullptr)
    return media::make_error(media::ErrorCode::kUnsupported,
                             std::string("no decoder for codec '") + avcodec_get_name(stream.codecpar->codec_id) + "'");
  auto ctx = media::av::alloc_codec_context(codec, "decoder");
  if (!ctx.ok()) return ctx.error();
  DS_RETURN_IF_ERROR(media::av::check(avcodec_parameters_to_context(ctx->get(), stream.codecpar), "decoder parameters"));
  (*ctx)->thread_count = threads_;
  (*ctx)->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  (*ctx)->pkt_timebase = stream.time_base;
  DS_RETURN_IF_ERROR(media::av::check(avcodec_open2(ctx->get(), codec, nullptr),
                                      std::string("open ") + codec->name + " decoder"));
  if (!frame_) {
    auto f = media::av::alloc_frame();
    if (!f.ok()) return f.error();
    frame_ = std::move(f).value();
  }
  codec_ = std::move(ctx).value();
  time_base_ = stream.time_base;
  rep_id_ = rep_id;
  return {};
}

media::Status StreamDecoder::receive_all(const FrameCallback& on_frame) {
  while (true) {
    int ret = avcodec_receive_frame(codec_.get(), frame_.get());
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return {};
    if (ret < 0) return media::av::make_av_error(ret, "decode");
    int64_t ts = frame_->best_effort_timestamp != AV_NOPTS_VALUE ? frame_->best_effort_timestamp : frame_->pts;
    double pts_s = ts == AV_NOPTS_VALUE ? 0.0 : static_cast<double>(ts) * av_q2d(time_base_);
    ++frames_decoded_;
    if (frame_->decode_error_flags != 0 || (frame_->flags & AV_FRAME_FLAG_CORRUPT) != 0) ++frames_damaged_;
    on_frame(*frame_, pts_s);
    av_frame_unref(frame_.get());
  }
}

media::Status StreamDecoder::decode(const AVPacket& packet, const FrameCallback& on_frame) {
  if (!codec_) return media::make_error(media::ErrorCode::kInternal, "decode before prepare");
  ++packets_sent_;
  int ret = avcodec_send_packet(codec_.get(), &packet);
  if (ret == AVERROR(EAGAIN)) {
    // The decoder's output is full: take its frames, then send again.
    DS_RETURN_IF_ERROR(receive_all(on_frame));
    ret = avcodec_send_packet(codec_.get(), &packet);
  }
  if (ret == AVERROR_INVALIDDATA) {
    ++decode_errors_;  // a corrupt packet: skip it, keep the stream going
    return {};
  }
  if (ret < 0) return media::av::make_av_error(ret, "decode");
  return receive_all(on_frame);
}

media::Status StreamDecoder::drain(const FrameCallback& on_frame) {
  if (!codec_) return {};
  int ret = avcodec_send_packet(codec_.get(), nullptr);
  if (ret < 0 && ret != AVERROR_EOF) return media::av::make_av_error(ret, "flush decoder");
  DS_RETURN_IF_ERROR(receive_all(on_frame));
  codec_.reset();
  rep_id_.clear();
  return {};
}

}  // namespace player
