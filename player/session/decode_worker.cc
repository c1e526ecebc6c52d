#include "player/session/decode_worker.h"

#include "media/av/alloc.h"
#include "player/av/segment_demuxer.h"

namespace player {
namespace {
// Segments in a row that fail to demux before the stream is declared unplayable.
constexpr int kMaxConsecutiveBadSegments = 3;
// Fewer packets than this say nothing about a key.
constexpr int64_t kMinPacketsToJudgeKey = 5;
}  // namespace

DecodeWorker::DecodeWorker(StreamKind kind, media::BoundedQueue<DownloadedSegment>& queue, FrameSink& sink, ClockWait wait,
                           ErrorReport on_error, const std::atomic<uint64_t>& generation, int threads)
    : kind_(kind),
      queue_(queue),
      sink_(sink),
      wait_(std::move(wait)),
      on_error_(std::move(on_error)),
      generation_(generation),
      decoder_(threads) {}

DecodeStats DecodeWorker::stats() const {
  std::scoped_lock lock(stats_mutex_);
  return stats_;
}

void DecodeWorker::run() {
  DownloadedSegment seg;
  while (!stopping_ && queue_.pop(seg) == media::QueueStatus::kOk) {
    if (seg.generation != generation_.load()) continue;  // made before a seek
    if (seg.generation != decoded_generation_) {
      decoder_.reset();  // frames in flight belong to the old position
      decoded_generation_ = seg.generation;
    }
    handle(seg);
  }
  if (!stopping_) {
    auto st = decoder_.drain([this](const AVFrame& f, double pts) { on_frame(f, pts); });
    if (!st.ok()) on_error_(st.error().message, false);
  }
}

void DecodeWorker::on_frame(const AVFrame& frame, double pts_s) {
  const double t = pts_s + pts_offset_s_;
  {
    std::scoped_lock lock(stats_mutex_);
    ++stats_.frames;
  }
  if (stopping_) return;
  switch (wait_(t)) {
    case Wait::kStop:
      stopping_ = true;
      return;
    case Wait::kDrop: {
      std::scoped_lock lock(stats_mutex_);
      ++stats_.frames_dropped;
      return;
    }
    case Wait::kPresent:
      break;
  }
  if (kind_ == StreamKind::kVideo) sink_.video_frame(frame, t);
  else sink_.audio_frame(frame, t);
}

bool DecodeWorker::check_decryption(const std::string& kid, int64_t sent, int64_t damaged, size_t index) {
  if (kid.empty() || sent < kMinPacketsToJudgeKey || kids_confirmed_.contains(kid)) return true;
  // Common Encryption has no key check: a wrong key decrypts to noise, which
  // the decoder refuses or conceals frame after frame. A key whose first
  // segment decodes mostly clean is right; one whose first segment mostly
  // fails is wrong, and playing on would only show garbage.
  if (damaged * 2 <= sent) {
    kids_confirmed_.insert(kid);
    return true;
  }
  on_error_(std::string(to_string(kind_)) + ": the key given for KID " + kid + " does not decrypt this stream (" +
                std::to_string(damaged) + " of " + std::to_string(sent) + " frames of segment " +
                std::to_string(index) + " fail to decode); check --key",
            true);
  stopping_ = true;
  return false;
}

void DecodeWorker::handle(const DownloadedSegment& seg) {
  auto demuxer = SegmentDemuxer::open(seg.init, seg.data);
  const char* stream_name = to_string(kind_);
  if (!demuxer.ok()) {
    std::scoped_lock lock(stats_mutex_);
    ++stats_.bad_segments;
    // Fatal when nothing has played yet (the stream is not media at all) or
    // when several segments in a row are broken.
    bool fatal = ++consecutive_bad_ >= kMaxConsecutiveBadSegments || stats_.segments == 0;
    on_error_(std::string(stream_name) + " segment " + std::to_string(seg.index) + " of '" + seg.representation +
                  "' is not playable media: " + demuxer.error().message,
              fatal);
    return;
  }
  consecutive_bad_ = 0;
  pts_offset_s_ = seg.pts_offset_s;
  auto frame_cb = [this](const AVFrame& f, double pts) { on_frame(f, pts); };
  // Representation ids may repeat across Periods with other codecs or sizes:
  // the decoder is opened again for each Period's representation.
  const std::string decoder_key = std::to_string(seg.period) + "/" + seg.representation;
  if (auto st = decoder_.prepare(decoder_key, *(*demuxer)->stream(), frame_cb); !st.ok()) {
    on_error_(std::string(stream_name) + ": " + st.error().message, true);
    stopping_ = true;
    return;
  }
  auto packet = media::av::alloc_packet();
  if (!packet.ok()) return;
  const int64_t sent_before = decoder_.packets_sent();
  const int64_t damaged_before = decoder_.packets_damaged();
  while (!stopping_ && seg.generation == generation_.load()) {
    auto more = (*demuxer)->read(packet->get());
    if (!more.ok()) {
      on_error_(std::string(stream_name) + " segment " + std::to_string(seg.index) + ": " + more.error().message, false);
      break;
    }
    if (!*more) break;
    auto st = decoder_.decode(*packet->get(), frame_cb);
    av_packet_unref(packet->get());
    if (!st.ok()) {
      on_error_(std::string(stream_name) + " segment " + std::to_string(seg.index) + ": " + st.error().message, false);
      break;
    }
  }
  const int64_t sent = decoder_.packets_sent() - sent_before;
  const int64_t damaged = decoder_.packets_damaged() - damaged_before;
  if (!check_decryption((*demuxer)->decryption_kid(), sent, damaged, seg.index)) return;
  std::scoped_lock lock(stats_mutex_);
  ++stats_.segments;
}

}  // namespace player
