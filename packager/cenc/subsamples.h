// Which bytes of a sample Common Encryption protects. Video (NAL-structured
// H.264 and HEVC, 4-byte lengths): only the slice data of VCL NAL units;
// every length field and NAL header stays clear, as do parameter sets and
// SEI, so decoders and players can parse the stream; with 'cenc' the
// protected part of each NAL unit is a whole number of 16-byte blocks (the
// leading remainder stays clear), with 'cbcs' the 1:9 pattern leaves any
// partial block clear. Audio: the whole sample (no subsamples).
// Pure code, unit tested.
#pragma once

#include <span>
#include <vector>

#include "media/error.h"
#include "packager/cenc/encryption_options.h"
#include "packager/mp4/protection.h"

namespace packager::cenc {

enum class SampleLayout { kWhole, kH264, kHevc };

// The subsamples of `sample` (empty for kWhole); they cover it exactly. An
// error when a NAL length runs past the sample.
media::Result<std::vector<mp4::Subsample>> plan_subsamples(SampleLayout layout, std::span<const uint8_t> sample,
                                                           Scheme scheme);

// A version-1 'pssh' of the W3C common system (1077efec-c0b2-4d02-ace3-3c1e52e2fb4b)
// naming the key ID: what EME's "cenc" init data format wants (ClearKey in browsers).
std::vector<uint8_t> common_pssh(const Key16& key_id);

}  // namespace packager::cenc
