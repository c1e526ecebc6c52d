#include "player/av/segment_demuxer.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "media/av/error.h"

namespace player {
namespace {
constexpr int kIoBufferBytes = 64 * 1024;

std::vector<std::pair<std::string, std::string>>& content_keys() {
  static std::vector<std::pair<std::string, std::string>> keys;
  return keys;
}

// The tenc default_KID of an init segment as 32 hex digits ("" when clear):
// tenc is a full box, the KID follows 4 bytes of defaults.
std::string default_kid_hex(const std::string& init) {
  const size_t tenc = init.find("tenc");
  constexpr size_t kKidOffset = 4 + 4 + 4;  // fourcc, version and flags, defaults
  if (tenc == std::string::npos || init.size() < tenc + kKidOffset + 16) return "";
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (size_t i = 0; i < 16; ++i) {
    const auto b = static_cast<uint8_t>(init[tenc + kKidOffset + i]);
    hex += digits[b >> 4];
    hex += digits[b & 15];
  }
  return hex;
}

// The key for this init segment, or "" (not encrypted, or no key given).
std::string key_for(const std::string& init) {
  const auto& keys = content_keys();
  const std::string kid = default_kid_hex(init);
  if (kid.empty() || keys.empty()) return "";
  for (const auto& [k, key] : keys)
    if (k == kid) return key;
  return keys.size() == 1 ? keys.front().second : "";
}

}  // namespace

void SegmentDemuxer::set_content_keys(std::vector<std::pair<std::string, std::string>> kid_key_hex) {
  content_keys() = std::move(kid_key_hex);
}

bool SegmentDemuxer::has_content_keys() { return !content_keys().empty(); }

bool SegmentDemuxer::has_key_for(const std::string& kid) {
  const auto& keys = content_keys();
  if (keys.size() == 1) return true;
  std::string hex;
  for (char c : kid)
    if (c != '-') hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& entry : keys)
    if (entry.first == hex) return true;
  return false;
}

SegmentDemuxer::~SegmentDemuxer() {
  // The format context refers to io_: close it first.
  format_.reset();
  io_.reset();
}

int SegmentDemuxer::read_callback(void* opaque, uint8_t* buf, int size) {
  auto* self = static_cast<SegmentDemuxer*>(opaque);
  const int64_t init_size = static_cast<int64_t>(self->init_->size());
  const int64_t total = init_size + static_cast<int64_t>(self->segment_->size());
  if (self->position_ >= total) return AVERROR_EOF;
  int copied = 0;
  while (copied < size && self->position_ < total) {
    const bool in_init = self->position_ < init_size;
    const std::string& part = in_init ? *self->init_ : *self->segment_;
    const int64_t offset = in_init ? self->position_ : self->position_ - init_size;
    const int64_t n = std::min<int64_t>(size - copied, static_cast<int64_t>(part.size()) - offset);
    std::memcpy(buf + copied, part.data() + offset, static_cast<size_t>(n));
    copied += static_cast<int>(n);
    self->position_ += n;
  }
  return copied;
}

int64_t SegmentDemuxer::seek_callback(void* opaque, int64_t offset, int whence) {
  auto* self = static_cast<SegmentDemuxer*>(opaque);
  const int64_t total = static_cast<int64_t>(self->init_->size() + self->segment_->size());
  whence &= ~AVSEEK_FORCE;
  if (whence == AVSEEK_SIZE) return total;
  int64_t target = whence == SEEK_SET ? offset : whence == SEEK_CUR ? self->position_ + offset : total + offset;
  if (target < 0 || target > total) return AVERROR(EINVAL);
  self->position_ = target;
  return target;
}

media::Result<std::unique_ptr<SegmentDemuxer>> SegmentDemuxer::open(std::shared_ptr<const std::string> init,
                                                                     std::shared_ptr<const std::string> segment) {
  std::unique_ptr<SegmentDemuxer> d(new SegmentDemuxer());
  d->init_ = init ? std::move(init) : std::make_shared<const std::string>();
  d->segment_ = std::move(segment);
  auto* buffer = static_cast<uint8_t*>(av_malloc(kIoBufferBytes));
  if (buffer == nullptr) return media::make_error(media::ErrorCode::kInternal, "av_malloc failed");
  AVIOContext* io = avio_alloc_context(buffer, kIoBufferBytes, 0, d.get(), &read_callback, nullptr, &seek_callback);
  if (io == nullptr) {
    av_free(buffer);
    return media::make_error(media::ErrorCode::kInternal, "avio_alloc_context failed");
  }
  d->io_.reset(io);
  AVFormatContext* fmt = avformat_alloc_context();
  if (fmt == nullptr) return media::make_error(media::ErrorCode::kInternal, "avformat_alloc_context failed");
  fmt->pb = d->io_.get();
  fmt->flags |= AVFMT_FLAG_CUSTOM_IO;
  const AVInputFormat* mp4 = av_find_input_format("mp4");
  AVDictionary* options = nullptr;
  if (const std::string key = key_for(*d->init_); !key.empty()) {
    av_dict_set(&options, "decryption_key", key.c_str(), 0);
    d->decryption_kid_ = default_kid_hex(*d->init_);
  }
  int ret = avformat_open_input(&fmt, nullptr, mp4, &options);
  av_dict_free(&options);
  if (ret < 0) return media::av::make_av_error(ret, "demux segment");
  d->format_.reset(fmt);
  if (d->format_->nb_streams < 1) return media::make_error(media::ErrorCode::kParse, "demux segment: no stream");
  // No avformat_find_stream_info: the init segment's sample description is
  // complete, and probing would decode frames of every segment twice.
  return d;
}

media::Result<bool> SegmentDemuxer::read(AVPacket* packet) {
  while (true) {
    int ret = av_read_frame(format_.get(), packet);
    if (ret == AVERROR_EOF) return false;
    if (ret < 0) return media::av::make_av_error(ret, "demux segment: read");
    if (packet->stream_index == 0) return true;
    av_packet_unref(packet);
  }
}

}  // namespace player
