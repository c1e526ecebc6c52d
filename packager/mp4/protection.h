// Common Encryption (ISO/IEC 23001-7) as the MP4 writers see it: what the
// init segment says about a protected track ('sinf' with 'frma', 'schm',
// 'tenc'; 'pssh' boxes in the 'moov') and what each fragment says about
// each sample ('senc' with its IV and subsamples, located by 'saiz' and
// 'saio'). Plain values; the cipher lives elsewhere.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace packager::mp4 {

// One run of clear bytes followed by encrypted ones within a sample.
struct Subsample {
  uint16_t clear_bytes = 0;
  uint32_t protected_bytes = 0;
  bool operator==(const Subsample&) const = default;
};

struct SampleEncryption {
  std::vector<uint8_t> iv;            // per-sample IV (8 bytes for 'cenc'); empty with a constant IV
  std::vector<Subsample> subsamples;  // empty: the whole sample is encrypted
  bool operator==(const SampleEncryption&) const = default;
};

struct TrackProtection {
  std::string scheme = "cenc";                // schm scheme_type: "cenc" or "cbcs"
  std::array<uint8_t, 16> key_id{};           // tenc default_KID
  uint8_t per_sample_iv_size = 8;             // 0 with a constant IV
  std::vector<uint8_t> constant_iv;           // 16 bytes when per_sample_iv_size is 0
  uint8_t crypt_byte_block = 0;               // pattern ('cbcs' video: 1 of every 10 blocks)
  uint8_t skip_byte_block = 0;
  std::vector<std::vector<uint8_t>> pssh;     // whole 'pssh' boxes for the moov
  bool operator==(const TrackProtection&) const = default;
};

}  // namespace packager::mp4
