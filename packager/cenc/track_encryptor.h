// Encrypts the samples of one track as Common Encryption says, and tells the
// MP4 writers what to put in the init segment and each fragment. The
// segmenter owns one per protected track. An interface, so the muxing code
// stays free of the cipher (cenc/sample_encryptor.h implements it with
// libavutil's AES). Not thread-safe: the track's segmenter calls it.
#pragma once

#include <span>

#include "media/error.h"
#include "packager/mp4/protection.h"

namespace packager::cenc {

class TrackEncryptor {
 public:
  virtual ~TrackEncryptor() = default;
  // Encrypts `sample` in place; what senc must record about it.
  virtual media::Result<mp4::SampleEncryption> encrypt(std::span<uint8_t> sample) = 0;
  virtual const mp4::TrackProtection& protection() const = 0;
};

}  // namespace packager::cenc
