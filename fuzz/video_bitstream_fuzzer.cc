// Any bytes given as codec extradata or as an access unit, for every codec,
// yield a configuration (or sample) or an Error.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "packager/video_bitstream.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace packager;
  const std::span<const uint8_t> bytes(data, size);
  for (VideoCodec codec : {VideoCodec::kH264, VideoCodec::kHevc, VideoCodec::kAv1}) {
    (void)video_stream_config(codec, bytes, {});
    (void)video_stream_config(codec, {}, bytes);
    std::vector<uint8_t> out;
    for (int length_size : {0, 1, 4}) (void)append_video_sample(codec, bytes, NalFraming{length_size}, out);
    (void)nal_length_size(codec, bytes);
  }
  return 0;
}
