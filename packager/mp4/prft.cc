#include "packager/mp4/prft.h"

#include <algorithm>
#include <cmath>

#include "media/isobmff/boxes.h"
#include "packager/mp4/box_writer.h"

namespace packager::mp4 {

uint64_t unix_to_ntp(double unix_s) {
  const double ntp_s = unix_s + double(media::kNtpUnixOffsetS);
  if (!(ntp_s > 0)) return 0;
  const double whole = std::floor(ntp_s);
  const auto fraction = static_cast<uint64_t>(std::llround((ntp_s - whole) * 4294967296.0));
  return (static_cast<uint64_t>(whole) << 32) + std::min<uint64_t>(fraction, 0xffffffffu);
}

std::vector<uint8_t> build_prft(uint32_t track_id, double capture_unix_s, uint64_t media_time_ticks) {
  std::vector<uint8_t> out;
  BoxWriter w(out);
  size_t b = w.begin_full("prft", 1, kPrftCaptureTimeFlags);
  w.u32(track_id);
  w.u64(unix_to_ntp(capture_unix_s));
  w.u64(media_time_ticks);
  w.end(b);
  return out;
}

}  // namespace packager::mp4
