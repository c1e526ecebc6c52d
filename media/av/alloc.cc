#include "media/av/alloc.h"

#include "media/av/error.h"

namespace media::av {

Result<FramePtr> alloc_frame() {
  FramePtr f(av_frame_alloc());
  if (!f) return make_error(ErrorCode::kInternal, "av_frame_alloc: out of memory");
  return f;
}

Result<PacketPtr> alloc_packet() {
  PacketPtr p(av_packet_alloc());
  if (!p) return make_error(ErrorCode::kInternal, "av_packet_alloc: out of memory");
  return p;
}

Result<CodecContextPtr> alloc_codec_context(const AVCodec* codec, std::string_view what) {
  CodecContextPtr c(avcodec_alloc_context3(codec));
  if (!c) return make_error(ErrorCode::kInternal, std::string(what) + ": avcodec_alloc_context3 failed");
  return c;
}

Result<InputFormatPtr> open_input(const std::string& url, const AVIOInterruptCB* interrupt, AVDictionary** options) {
  AVFormatContext* raw = avformat_alloc_context();
  if (raw == nullptr) return make_error(ErrorCode::kInternal, "avformat_alloc_context failed");
  if (interrupt != nullptr) raw->interrupt_callback = *interrupt;
  // On failure avformat_open_input frees the context itself.
  if (int ret = avformat_open_input(&raw, url.c_str(), nullptr, options); ret < 0)
    return make_av_error(ret, "open input '" + url + "'");
  InputFormatPtr ctx(raw);
  if (int ret = avformat_find_stream_info(ctx.get(), nullptr); ret < 0)
    return make_av_error(ret, "read stream info of '" + url + "'");
  return ctx;
}

}  // namespace media::av
