// What MP4 needs from a video elementary stream, whatever the codec: the
// sample entry and its configuration box (avc1/avcC, hvc1/hvcC, av01/av1C)
// with the RFC 6381 codecs string read from the real bitstream, and each
// access unit as an MP4 sample (NAL units with 4-byte lengths and no
// parameter sets; AV1 OBUs without temporal delimiters). Shared by the
// encoders and --copy. Pure code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "media/error.h"
#include "packager/h264_bitstream.h"
#include "packager/video_codec.h"

namespace packager {

struct VideoStreamConfig {
  std::string codecs;           // "avc1.64001f", "hvc1.1.6.L93.B0", "av01.0.04M.08"
  std::string sample_entry;     // "avc1", "hvc1", "av01"
  std::string config_box;       // "avcC", "hvcC", "av1C"
  std::vector<uint8_t> config;  // the configuration box's payload
  bool operator==(const VideoStreamConfig&) const = default;
};

// From the codec extradata (any of its forms) or, when there is none, the
// first access unit (in-band parameter sets, as in MPEG-TS).
media::Result<VideoStreamConfig> video_stream_config(VideoCodec codec, ByteSpan extradata, ByteSpan first_packet);

// How an access unit's NAL units are delimited (H.264 and HEVC).
struct NalFraming {
  int length_size = 0;  // 0: Annex B start codes; 1-4: length prefixes (avcC/hvcC input)
};

// Appends one access unit as an MP4 sample.
media::Status append_video_sample(VideoCodec codec, ByteSpan packet, NalFraming framing, std::vector<uint8_t>& out);

// The NAL length size the extradata declares (avcC/hvcC), 0 for Annex B or AV1.
int nal_length_size(VideoCodec codec, ByteSpan extradata);

}  // namespace packager
