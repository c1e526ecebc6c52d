#include "packager/quality/display_quality.h"

#include "media/av/alloc.h"
#include "media/av/error.h"
#include "packager/quality/luma_metrics.h"

namespace packager::quality {
namespace {

const AVCodec* decoder_for(VideoCodec codec) {
  switch (codec) {
    case VideoCodec::kH264: return avcodec_find_decoder(AV_CODEC_ID_H264);
    case VideoCodec::kHevc: return avcodec_find_decoder(AV_CODEC_ID_HEVC);
    case VideoCodec::kAv1: {
      const AVCodec* dav1d = avcodec_find_decoder_by_name("libdav1d");
      return dav1d != nullptr ? dav1d : avcodec_find_decoder(AV_CODEC_ID_AV1);
    }
  }
  return nullptr;
}

Plane luma(const AVFrame* f) { return {f->data[0], f->linesize[0], f->width, f->height}; }

}  // namespace

media::Result<std::unique_ptr<DisplayQualityMeter>> DisplayQualityMeter::open(const DisplayQualitySettings& s) {
  const AVCodec* codec = decoder_for(s.codec);
  if (codec == nullptr)
    return media::make_error(media::ErrorCode::kUnsupported,
                             "--quality display: this FFmpeg cannot decode " + std::string(codec_name(s.codec)));
  std::unique_ptr<DisplayQualityMeter> m(new DisplayQualityMeter(s));
  auto ctx = media::av::alloc_codec_context(codec, "quality decoder");
  if (!ctx.ok()) return ctx.error();
  // The decoder reads the same configuration record as the init segment.
  (*ctx)->extradata = static_cast<uint8_t*>(av_mallocz(s.stream.config.size() + AV_INPUT_BUFFER_PADDING_SIZE));
  if ((*ctx)->extradata == nullptr) return media::make_error(media::ErrorCode::kInternal, "out of memory");
  std::copy(s.stream.config.begin(), s.stream.config.end(), (*ctx)->extradata);
  (*ctx)->extradata_size = static_cast<int>(s.stream.config.size());
  (*ctx)->thread_count = 1;  // rungs already decode in parallel, one per worker
  if (int ret = avcodec_open2(ctx->get(), codec, nullptr); ret < 0)
    return media::av::make_av_error(ret, "--quality display: open " + std::string(codec->name) + " decoder");
  m->decoder_ = std::move(*ctx);
  auto packet = media::av::alloc_packet();
  auto decoded = media::av::alloc_frame();
  auto upscaled = media::av::alloc_frame();
  if (!packet.ok() || !decoded.ok() || !upscaled.ok()) return media::make_error(media::ErrorCode::kInternal, "out of memory");
  m->packet_ = std::move(*packet);
  m->decoded_ = std::move(*decoded);
  m->upscaled_ = std::move(*upscaled);
  return m;
}

void DisplayQualityMeter::add_reference(int64_t frame_index, SharedFrame reference) {
  references_.emplace(frame_index, std::move(reference));
}

media::Status DisplayQualityMeter::on_packet(const EncodedVideoPacket& p) {
  AVPacket* pkt = packet_.get();
  av_packet_unref(pkt);
  if (int ret = av_new_packet(pkt, static_cast<int>(p.data.size())); ret < 0)
    return media::av::make_av_error(ret, "--quality display: packet");
  std::copy(p.data.begin(), p.data.end(), pkt->data);
  pkt->pts = p.pts_ticks / settings_.frame_ticks;  // frame index
  pkt->dts = p.dts_ticks / settings_.frame_ticks;
  if (p.key) pkt->flags |= AV_PKT_FLAG_KEY;
  int ret = avcodec_send_packet(decoder_.get(), pkt);
  av_packet_unref(pkt);
  if (ret < 0) return media::av::make_av_error(ret, "--quality display: decode");
  return receive_frames();
}

media::Status DisplayQualityMeter::finish() {
  int ret = avcodec_send_packet(decoder_.get(), nullptr);
  if (ret < 0 && ret != AVERROR_EOF) return media::av::make_av_error(ret, "--quality display: flush decoder");
  DS_RETURN_IF_ERROR(receive_frames());
  references_.clear();
  return {};
}

media::Status DisplayQualityMeter::receive_frames() {
  for (;;) {
    int ret = avcodec_receive_frame(decoder_.get(), decoded_.get());
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return {};
    if (ret < 0) return media::av::make_av_error(ret, "--quality display: decode");
    media::Status st = measure(decoded_.get());
    av_frame_unref(decoded_.get());
    if (!st.ok()) return st;
  }
}

media::Status DisplayQualityMeter::measure(const AVFrame* decoded) {
  const int64_t index = decoded->best_effort_timestamp != AV_NOPTS_VALUE ? decoded->best_effort_timestamp : decoded->pts;
  auto it = references_.find(index);
  if (it == references_.end()) return {};
  const SharedFrame reference = std::move(it->second);
  references_.erase(references_.begin(), std::next(it));  // earlier ones will not come (decode order = output order here)
  const AVFrame* shown = decoded;
  const int dw = static_cast<int>(settings_.display_width), dh = static_cast<int>(settings_.display_height);
  if (decoded->width != dw || decoded->height != dh || decoded->format != AV_PIX_FMT_YUV420P) {
    // What a player does to show the rung full screen: scale it to the display size.
    sws_.reset(sws_getCachedContext(sws_.release(), decoded->width, decoded->height,
                                    static_cast<AVPixelFormat>(decoded->format), dw, dh, AV_PIX_FMT_YUV420P, SWS_BICUBIC,
                                    nullptr, nullptr, nullptr));
    if (!sws_) return media::make_error(media::ErrorCode::kInternal, "--quality display: no scaler");
    AVFrame* up = upscaled_.get();
    if (up->width != dw || up->height != dh) {
      av_frame_unref(up);
      up->width = dw;
      up->height = dh;
      up->format = AV_PIX_FMT_YUV420P;
      if (int ret = av_frame_get_buffer(up, 0); ret < 0) return media::av::make_av_error(ret, "--quality display: frame");
    }
    sws_scale(sws_.get(), decoded->data, decoded->linesize, 0, decoded->height, up->data, up->linesize);
    shown = up;
  }
  const size_t segment = segment_of(index);
  SegmentQuality& q = segments_[segment];
  q.sse += sum_squared_error(luma(shown), luma(reference.get()));
  q.pixels += uint64_t(dw) * uint64_t(dh);
  q.ssim_sum += ssim(luma(shown), luma(reference.get()));
  ++q.frames;
  return {};
}

size_t DisplayQualityMeter::segment_of(int64_t frame_index) {
  const auto k = static_cast<size_t>(segment_of_frame(frame_index, settings_.segment_us, settings_.rate));
  if (segments_.size() <= k) segments_.resize(k + 1);
  return k;
}

}  // namespace packager::quality
