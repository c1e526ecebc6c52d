#include "player/av/decode_probe.h"

#include <ctime>
#include <memory>

#include "media/av/alloc.h"
#include "player/av/segment_demuxer.h"
#include "player/av/stream_decoder.h"

namespace player {
namespace {

double thread_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

media::Result<double> measure_decode_cost(const std::string& init, const std::string& segment) {
  auto demuxer = SegmentDemuxer::open(std::make_shared<const std::string>(init), std::make_shared<const std::string>(segment));
  if (!demuxer.ok()) return demuxer.error();
  StreamDecoder decoder(/*threads=*/1);
  double pixels = 0;
  auto count = [&](const AVFrame& f, double) { pixels += static_cast<double>(f.width) * f.height; };
  const double start = thread_cpu_s();
  DS_RETURN_IF_ERROR(decoder.prepare("probe", *(*demuxer)->stream(), count));
  auto packet = media::av::alloc_packet();
  if (!packet.ok()) return packet.error();
  while (true) {
    auto more = (*demuxer)->read(packet->get());
    if (!more.ok()) return more.error();
    if (!*more) break;
    auto st = decoder.decode(*packet->get(), count);
    av_packet_unref(packet->get());
    DS_RETURN_IF_ERROR(st);
  }
  DS_RETURN_IF_ERROR(decoder.drain(count));
  const double cpu_s = thread_cpu_s() - start;
  if (pixels <= 0) return media::make_error(media::ErrorCode::kParse, "decode probe: the segment gave no frame");
  return cpu_s * 1e9 / pixels;
}

}  // namespace player
