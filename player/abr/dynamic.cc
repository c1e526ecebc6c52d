#include "player/abr/dynamic.h"

namespace abr {

void Dynamic::observe(const SegmentResult& result) {
  bola_.observe(result);
  throughput_.observe(result);
}

Decision Dynamic::choose(const AbrContext& ctx) {
  if (use_bola_ && ctx.buffer_s < options_.to_throughput_below_s) use_bola_ = false;
  else if (!use_bola_ && ctx.buffer_s > options_.to_bola_above_s) use_bola_ = true;
  return use_bola_ ? bola_.choose(ctx) : throughput_.choose(ctx);
}

std::optional<size_t> Dynamic::should_abandon(const DownloadProgress& progress, const AbrContext& ctx) {
  return use_bola_ ? bola_.should_abandon(progress, ctx) : throughput_.should_abandon(progress, ctx);
}

}  // namespace abr
