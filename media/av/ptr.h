// Owning pointers for libav* objects: one deleter functor overloaded per type,
// so feature code never calls av_*_free by hand and early returns never leak.
#pragma once

#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavcodec/bsf.h>
#include <libavfilter/avfilter.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

namespace media::av {

struct Deleter {
  void operator()(AVCodecContext* p) const { avcodec_free_context(&p); }
  void operator()(AVFrame* p) const { av_frame_free(&p); }
  void operator()(AVPacket* p) const { av_packet_free(&p); }
  void operator()(SwsContext* p) const { sws_freeContext(p); }
  void operator()(SwrContext* p) const { swr_free(&p); }
  void operator()(AVFilterGraph* p) const { avfilter_graph_free(&p); }
  void operator()(AVAudioFifo* p) const { av_audio_fifo_free(p); }
  void operator()(AVIOContext* p) const {
    // Custom AVIOContexts own their buffer through av_malloc.
    if (p != nullptr) av_freep(&p->buffer);
    avio_context_free(&p);
  }
  void operator()(AVBSFContext* p) const { av_bsf_free(&p); }
};

// An input (demuxing) format context: closed with avformat_close_input.
struct InputDeleter {
  void operator()(AVFormatContext* p) const { avformat_close_input(&p); }
};

// An output (muxing) format context: closes its `pb` unless the muxer has
// AVFMT_NOFILE or the caller supplied a custom AVIOContext (flag below).
struct OutputDeleter {
  bool custom_io = false;
  void operator()(AVFormatContext* p) const {
    if (p == nullptr) return;
    if (!custom_io && p->oformat != nullptr && !(p->oformat->flags & AVFMT_NOFILE) && p->pb != nullptr)
      avio_closep(&p->pb);
    avformat_free_context(p);
  }
};

using CodecContextPtr = std::unique_ptr<AVCodecContext, Deleter>;
using FramePtr = std::unique_ptr<AVFrame, Deleter>;
using PacketPtr = std::unique_ptr<AVPacket, Deleter>;
using SwsPtr = std::unique_ptr<SwsContext, Deleter>;
using SwrPtr = std::unique_ptr<SwrContext, Deleter>;
using FilterGraphPtr = std::unique_ptr<AVFilterGraph, Deleter>;
using AudioFifoPtr = std::unique_ptr<AVAudioFifo, Deleter>;
using IoContextPtr = std::unique_ptr<AVIOContext, Deleter>;
using BsfPtr = std::unique_ptr<AVBSFContext, Deleter>;
using InputFormatPtr = std::unique_ptr<AVFormatContext, InputDeleter>;
using OutputFormatPtr = std::unique_ptr<AVFormatContext, OutputDeleter>;

}  // namespace media::av
