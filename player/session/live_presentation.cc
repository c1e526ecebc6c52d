#include "player/session/live_presentation.h"

#include <chrono>
#include <limits>

namespace player {
namespace {

// $Number$ templates describe segments without end; listing this far past the
// edge lets the loaders run without waiting for a refresh to learn of them.
constexpr double kLookaheadS = 30;
// Start times closer than this are the same segment (float rounding).
constexpr double kSameTimeS = 1e-6;
// Segments ending this close to the horizon may have been cut short by it:
// the horizon is rounded to the timescale (to whole seconds at timescale 1).
// They lie far past the edge, so the next refresh lists them whole.
constexpr double kCutMarginS = 1;

void drop_cut_and_expired(StreamInfo& s, const LiveInfo& live, double now_unix_s) {
  for (auto& rep : s.representations) {
    auto& segs = rep.segments;
    // The segment straddling the horizon was cut short by materialize().
    while (!segs.empty() && segs.back().start_s() + segs.back().duration_s() > live.horizon_s - kCutMarginS)
      segs.pop_back();
  }
  if (s.representations.empty()) return;
  size_t expired = 0;
  const auto& lead = s.representations.front().segments;
  // Keep the newest one even if it is old: an MPD that stopped growing is
  // still played to its end, and the gate decides what can be fetched.
  while (expired + 1 < lead.size() && available_until_unix_s(live, lead[expired]) < now_unix_s) ++expired;
  for (auto& rep : s.representations)
    rep.segments.erase(rep.segments.begin(), rep.segments.begin() + static_cast<long>(std::min(expired, rep.segments.size())));
}

template <typename Visit>
void for_each_stream(PeriodStreams& period, Visit&& visit) {
  if (period.video) visit(*period.video);
  for (auto& s : period.other_video) visit(s);
  for (auto& s : period.audio) visit(s);
  for (auto& s : period.text) visit(s);
}

}  // namespace

double unix_now_s(const std::function<double()>& wall_clock) {
  if (wall_clock) return wall_clock();
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

media::Status prepare_live_mpd(Presentation& p, double now_unix_s) {
  auto info = read_live_info(*p.mpd);
  if (!info.ok()) return info.error();
  info->horizon_s = live_edge_s(*info, now_unix_s) + kLookaheadS;
  p.mpd = std::make_unique<media::Mpd>(materialize(*p.mpd, info->horizon_s));
  p.live = std::move(info).value();
  return {};
}

void finish_live_streams(Presentation& p, double now_unix_s) {
  if (p.periods.empty()) return;
  PeriodStreams& period = p.periods.front();  // a live presentation has one Period
  for_each_stream(period, [&](StreamInfo& s) { drop_cut_and_expired(s, *p.live, now_unix_s); });
  for (StreamKind kind : {StreamKind::kVideo, StreamKind::kAudio}) {
    const StreamInfo* s = p.stream(kind);
    if (s == nullptr) continue;
    p.live->availability_time_offset_s[static_cast<size_t>(kind)] = availability_time_offset_s(*p.mpd, 0, s->set_index);
  }
  period.duration_s = std::numeric_limits<double>::infinity();
  p.duration_s = std::numeric_limits<double>::infinity();
}

LiveMerge merge_live_update(Presentation& live, const Presentation& fresh) {
  LiveMerge out;
  out.ended = !fresh.live;
  if (live.periods.empty() || fresh.periods.empty()) return out;
  // Both have one Period (build_presentation refuses dynamic MPDs with more);
  // a static final MPD may have several: its first continues the live one.
  PeriodStreams& into_period = live.periods.front();
  const PeriodStreams& from_period = fresh.periods.front();
  for_each_stream(into_period, [&](StreamInfo& into) {
    const StreamInfo* from = nullptr;
    for_each_stream(const_cast<PeriodStreams&>(from_period), [&](StreamInfo& s) {
      if (from == nullptr && s.kind == into.kind && s.set_index == into.set_index) from = &s;
    });
    if (from == nullptr) return;
    size_t added = 0;
    for (auto& rep : into.representations) {
      for (const auto& other : from->representations) {
        if (other.representation->id != rep.representation->id) continue;
        const double last_s = rep.segments.empty() ? -std::numeric_limits<double>::infinity() : rep.segments.back().start_s();
        for (const auto& seg : other.segments)
          if (seg.start_s() > last_s + kSameTimeS) {
            rep.segments.push_back(seg);
            ++added;
          }
        break;
      }
    }
    if (added > 0) {
      // The metadata table (empty rows for live) must cover the new segments.
      into.metadata.resize(into.representations.size());
      build_rate_tables(into);
    }
    out.added += added;
  });
  if (live.live) {
    if (fresh.live) live.live->horizon_s = fresh.live->horizon_s;
    live.live->ended = live.live->ended || out.ended;
  }
  return out;
}

}  // namespace player
