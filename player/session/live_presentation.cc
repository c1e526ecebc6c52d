#include "player/session/live_presentation.h"

#include <chrono>
#include <limits>

#include "media/mpd/duration.h"

namespace player {
namespace {

// $Number$ templates describe segments without end; listing this far past the
// edge lets the loaders run without waiting for a refresh to learn of them.
constexpr double kLookaheadS = 30;
// Segments ending this close to the horizon may have been cut short by it:
// the horizon is rounded to the timescale (to whole seconds at timescale 1).
// They lie far past the edge, so the next refresh lists them whole.
constexpr double kCutMarginS = 1;

// `cut`: the Period reaches the horizon (the last one), so its last segment
// may have been cut short there by materialize().
void drop_cut_and_expired(StreamInfo& s, const LiveInfo& live, double now_unix_s, bool cut) {
  for (auto& rep : s.representations) {
    auto& segs = rep.segments;
    while (cut && !segs.empty() && segs.back().start_s() + segs.back().duration_s() > live.horizon_s - kCutMarginS)
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

// When the media of Period `index` ends: its first Representation's last
// segment, which may be well before the Period's end (the input was away
// until the next Period began); the Period's end when that is unknown.
double media_end_s(const media::Mpd& mpd, size_t index, double period_end_s) {
  const media::Period& period = mpd.periods[index];
  if (period.adaptation_sets.empty() || period.adaptation_sets.front().representations.empty()) return period_end_s;
  auto rep = media::resolve_representation(mpd, index, 0, 0, "");
  if (!rep.ok() || rep->segments.empty()) return period_end_s;
  const media::SegmentRef& last = rep->segments.back();
  return std::min(period_end_s, last.start_s() + last.duration_s());
}

// Leaves out of `mpd` (materialized up to live.horizon_s) the Periods with
// nothing to play at `edge_s`: those announced to start past the horizon
// (a later refresh brings them) and those whose media ended before the
// time-shift window. The newest Period that has started stays, however old
// (as its newest segment does). The Periods kept get an explicit @start, so
// that their timing does not depend on the ones left out.
media::Status drop_unplayable_periods(media::Mpd& mpd, const LiveInfo& live, double edge_s) {
  size_t count = mpd.periods.size();
  while (count > 0 && mpd.periods[count - 1].start && media::to_seconds(*mpd.periods[count - 1].start) >= live.horizon_s)
    --count;
  if (count == 0)
    return media::make_error(media::ErrorCode::kParse,
                             "MPD: every Period starts after the live edge (is availabilityStartTime in the future?)");
  mpd.periods.resize(count);
  std::vector<media::PeriodTiming> timings;
  for (size_t i = 0; i < count; ++i) {
    auto t = media::period_timing(mpd, i);
    if (!t.ok()) return {};  // build_period reports it, for its Period
    timings.push_back(*t);
  }
  std::vector<bool> keep(count, true);
  for (size_t i = 0; i + 1 < count; ++i)
    keep[i] = media_end_s(mpd, i, timings[i].start_s + timings[i].duration_s) + live.time_shift_buffer_s >= edge_s;
  std::vector<media::Period> kept;
  for (size_t i = 0; i < count; ++i) {
    if (!keep[i]) continue;
    mpd.periods[i].start = media::from_seconds(timings[i].start_s);
    kept.push_back(std::move(mpd.periods[i]));
  }
  mpd.periods = std::move(kept);
  return {};
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
  const double edge_s = live_edge_s(*info, now_unix_s);
  info->horizon_s = edge_s + kLookaheadS;
  auto mpd = std::make_unique<media::Mpd>(materialize(*p.mpd, info->horizon_s));
  DS_RETURN_IF_ERROR(drop_unplayable_periods(*mpd, *info, edge_s));
  p.mpd = std::move(mpd);
  p.live = std::move(info).value();
  return {};
}

void finish_live_streams(Presentation& p, double now_unix_s) {
  if (p.periods.empty()) return;
  for (size_t i = 0; i < p.periods.size(); ++i) {
    const bool last = i + 1 == p.periods.size();
    for_each_stream(p.periods[i], [&](StreamInfo& s) { drop_cut_and_expired(s, *p.live, now_unix_s, last); });
  }
  // The newest Period is the one that grows: its timing holds for what comes.
  PeriodStreams& newest = p.periods.back();
  for (StreamKind kind : {StreamKind::kVideo, StreamKind::kAudio}) {
    const StreamInfo* s = newest.stream(kind);
    if (s == nullptr) continue;
    p.live->availability_time_offset_s[static_cast<size_t>(kind)] =
        availability_time_offset_s(*p.mpd, newest.index, s->set_index);
  }
  newest.duration_s = std::numeric_limits<double>::infinity();
  p.duration_s = std::numeric_limits<double>::infinity();
}

}  // namespace player
