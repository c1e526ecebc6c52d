// The session's RateChooser over the ABR library's registry: every name of
// player/abr/registry.h works with --abr. ChoiceInput becomes an AbrContext
// (the nested vectors are flattened into tables owned here), a
// DownloadObservation becomes a SegmentResult (transfer time without the time
// to first byte). Waits an algorithm asks for (BOLA's buffer target) are not
// honoured: the session has its own buffer cap.
#include <algorithm>

#include "player/abr/registry.h"
#include "player/session/rate_chooser.h"

namespace player {
namespace {

// Flattens [segment][rung] rows into `out`, stopping at the first row whose
// width differs from the ladder (such a table cannot be trusted).
abr::RungTable flatten(const std::vector<std::vector<double>>& rows, size_t rungs, std::vector<double>& out) {
  out.clear();
  for (const auto& row : rows) {
    if (row.size() != rungs) break;
    out.insert(out.end(), row.begin(), row.end());
  }
  return {out, rungs};
}

class LibraryChooser : public RateChooser {
 public:
  explicit LibraryChooser(std::unique_ptr<abr::AbrAlgorithm> algorithm) : algorithm_(std::move(algorithm)) {}

  Choice choose(const ChoiceInput& in) override {
    Choice c;
    if (in.bitrates_bps.empty()) {
      c.reason = "empty ladder";
      return c;
    }
    const abr::AbrContext ctx = context_for(in);
    segment_duration_s_ = in.segment_duration_s;  // of the segment the next observation reports
    const abr::Decision d = algorithm_->choose(ctx);
    c.rung = std::min(d.rung, in.bitrates_bps.size() - 1);
    c.reason = d.reason_text();
    c.estimate_bps = d.estimate_bps > 0 ? d.estimate_bps : algorithm_->estimate_bps();
    return c;
  }

  std::optional<size_t> should_abandon(const AbandonQuery& q) override {
    if (q.context.bitrates_bps.empty()) return std::nullopt;
    abr::DownloadProgress p;
    p.rung = q.rung;
    p.size_bytes = q.size_bytes;
    p.received_bytes = q.received_bytes;
    p.elapsed_s = q.elapsed_s;
    p.ttfb_s = q.ttfb_s;
    p.buffer_s = q.context.buffer_s;
    auto lower = algorithm_->should_abandon(p, context_for(q.context));
    if (lower && *lower < q.rung) return lower;
    return std::nullopt;
  }

 private:
  abr::AbrContext context_for(const ChoiceInput& in) {
    abr::AbrContext ctx;
    ctx.buffer_s = in.buffer_s;
    ctx.state = in.playing ? abr::PlaybackState::kPlaying
                           : (in.last_rung ? abr::PlaybackState::kStalled : abr::PlaybackState::kStartup);
    ctx.bitrates_bps = in.bitrates_bps;
    ctx.segment_duration_s = in.segment_duration_s > 0 ? in.segment_duration_s : 1;
    ctx.segment_index = in.segment_index;
    ctx.segments_remaining = in.segment_count > in.segment_index ? in.segment_count - in.segment_index : 1;
    const size_t rungs = in.bitrates_bps.size();
    ctx.upcoming_sizes_bytes = flatten(in.upcoming_sizes_bytes, rungs, sizes_);
    ctx.upcoming_quality_db = flatten(in.upcoming_quality, rungs, quality_);
    ctx.last_rung = in.last_rung;
    ctx.buffer_cap_s = in.max_buffer_s;
    return ctx;
  }

 public:
  void observe(const DownloadObservation& obs) override {
    // A response too small to time says more about latency than throughput;
    // the library has no way to take it half, so it does not see it.
    if (!obs.usable_for_estimate && !obs.abandoned) return;
    abr::SegmentResult r;
    r.rung = obs.rung;
    r.size_bytes = obs.size_bytes;
    r.ttfb_s = std::max(0.0, obs.ttfb_s);
    r.download_s = std::max(0.0, obs.download_s - r.ttfb_s);
    r.buffer_after_s = obs.buffer_s;
    r.abandoned = obs.abandoned;
    r.segment_duration_s = segment_duration_s_;
    algorithm_->observe(r);
  }

  double estimate_bps() const override { return algorithm_->estimate_bps(); }
  std::string name() const override { return std::string(algorithm_->name()); }

 private:
  std::unique_ptr<abr::AbrAlgorithm> algorithm_;
  std::vector<double> sizes_, quality_;  // storage behind the context's tables
  double segment_duration_s_ = 0;        // of the segment last chosen
};

}  // namespace

media::Result<std::unique_ptr<RateChooser>> make_rate_chooser(const std::string& name) {
  auto algorithm = abr::make_algorithm(name);
  if (!algorithm.ok()) return algorithm.error();
  return std::unique_ptr<RateChooser>(std::make_unique<LibraryChooser>(std::move(algorithm).value()));
}

std::vector<std::string> rate_chooser_names() { return abr::algorithm_names(); }

}  // namespace player
