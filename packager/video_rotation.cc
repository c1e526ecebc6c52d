#include "packager/video_rotation.h"

#include <cmath>
#include <string>

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/display.h>
}

#include "media/av/alloc.h"
#include "media/av/error.h"
#include "media/av/filter_chain.h"

namespace packager {

int stream_rotation_deg(const AVStream* stream) {
  const uint8_t* matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr);
  if (matrix == nullptr) return 0;
  // av_display_rotation_get is counter-clockwise; we want clockwise, in [0, 360).
  double theta = -av_display_rotation_get(reinterpret_cast<const int32_t*>(matrix));
  if (std::isnan(theta)) return 0;
  int deg = static_cast<int>(std::lround(theta)) % 360;
  if (deg < 0) deg += 360;
  for (int right : {0, 90, 180, 270, 360})
    if (std::abs(deg - right) <= 2) return right % 360;
  return 0;
}

media::Status VideoRotation::configure(const AVFrame* in) {
  const char* filters = rotation_deg_ == 90    ? "transpose=clock"
                        : rotation_deg_ == 270 ? "transpose=cclock"
                                               : "hflip,vflip";
  const AVRational sar = in->sample_aspect_ratio.num > 0 ? in->sample_aspect_ratio : AVRational{1, 1};
  const std::string args = "video_size=" + std::to_string(in->width) + "x" + std::to_string(in->height) +
                           ":pix_fmt=" + std::to_string(in->format) + ":time_base=1/1:pixel_aspect=" +
                           std::to_string(sar.num) + "/" + std::to_string(sar.den);
  auto chain = media::av::make_filter_chain(/*video=*/true, args, filters, "rotation filter");
  if (!chain.ok()) return chain.error();
  graph_ = std::move(chain->graph);
  src_ = chain->source;
  sink_ = chain->sink;
  auto f = media::av::alloc_frame();
  if (!f.ok()) return f.error();
  out_ = std::move(*f);
  return {};
}

media::Result<const AVFrame*> VideoRotation::apply(const AVFrame* in) {
  if (!graph_) DS_RETURN_IF_ERROR(configure(in));
  // The source frame stays ours: the filter gets its own reference.
  int ret = av_buffersrc_write_frame(src_, in);
  if (ret < 0) return media::av::make_av_error(ret, "rotate frame");
  av_frame_unref(out_.get());
  ret = av_buffersink_get_frame(sink_, out_.get());
  if (ret < 0) return media::av::make_av_error(ret, "rotate frame");
  return static_cast<const AVFrame*>(out_.get());
}

}  // namespace packager
