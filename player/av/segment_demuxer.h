// Demuxes one fMP4 media segment from memory: the representation's init
// segment followed by the media segment, read through a custom AVIOContext
// without concatenating them. One demuxer per segment; the decoder outlives it.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "media/av/ptr.h"
#include "media/error.h"

namespace player {

class SegmentDemuxer {
 public:
  // Both buffers must outlive the demuxer.
  static media::Result<std::unique_ptr<SegmentDemuxer>> open(std::shared_ptr<const std::string> init,
                                                             std::shared_ptr<const std::string> segment);
  ~SegmentDemuxer();

  // Content keys for Common Encryption ('cenc' or 'cbcs'), as (key ID, key)
  // pairs of 32 hex digits: the init segment's tenc default_KID picks one,
  // and a single key serves any key ID. Set once before playback starts
  // (dash-player --key); read-only afterwards, so threads may open demuxers.
  static void set_content_keys(std::vector<std::pair<std::string, std::string>> kid_key_hex);
  // True once keys are set: encrypted representations become playable.
  static bool has_content_keys();
  // True when the keys set serve key ID `kid` (32 hex digits, dashes and
  // case ignored): one of them has that ID, or a single key was given.
  static bool has_key_for(const std::string& kid);

  // The key ID this segment is decrypted with (32 hex digits), "" when it is
  // clear or no key serves it.
  const std::string& decryption_kid() const { return decryption_kid_; }

  // The first (and in our content only) stream.
  const AVStream* stream() const { return format_->streams[0]; }

  // Next packet, or false at the end of the segment.
  media::Result<bool> read(AVPacket* packet);

 private:
  SegmentDemuxer() = default;
  static int read_callback(void* opaque, uint8_t* buf, int size);
  static int64_t seek_callback(void* opaque, int64_t offset, int whence);

  std::shared_ptr<const std::string> init_;
  std::shared_ptr<const std::string> segment_;
  int64_t position_ = 0;
  std::string decryption_kid_;
  media::av::IoContextPtr io_;
  media::av::InputFormatPtr format_;
};

}  // namespace player
