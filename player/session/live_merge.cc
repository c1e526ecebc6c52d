#include "player/session/live_merge.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace player {
namespace {

// Start times closer than this are the same segment (float rounding).
constexpr double kSameTimeS = 1e-6;
// Period@start values closer than this are the same Period (an xs:duration
// written to the millisecond).
constexpr double kSamePeriodStartS = 1e-3;

// The Period of `live` that `period` (number `index` of the refreshed MPD)
// continues: the same @id; without ids, the same start, or for a static MPD
// (its starts are a replay's) the same position.
std::optional<size_t> known_period(const Presentation& live, const PeriodStreams& period, size_t index,
                                   bool fresh_static, size_t fresh_count) {
  for (size_t i = 0; i < live.periods.size(); ++i) {
    const PeriodStreams& known = live.periods[i];
    if (!known.id.empty() || !period.id.empty()) {
      if (known.id == period.id) return i;
    } else if (!fresh_static && std::abs(known.start_s - period.start_s) < kSamePeriodStartS) {
      return i;
    }
  }
  if (fresh_static && period.id.empty() && live.periods.size() == fresh_count && live.periods[index].id.empty())
    return index;
  return std::nullopt;
}

// Appends the segments of `from` after the last one `into` has. That one,
// found in `from` by its URL, anchors the two timelines (they differ for a
// static replay); without it, `from`'s later start times decide.
size_t append_newer(media::ResolvedRepresentation& into, const media::ResolvedRepresentation& from) {
  auto& segs = into.segments;
  size_t first_new = 0;
  double shift_s = 0;  // added to `from`'s times to put them on `into`'s timeline
  if (!segs.empty()) {
    const media::SegmentRef& last = segs.back();
    auto same = std::find_if(from.segments.rbegin(), from.segments.rend(),
                             [&](const media::SegmentRef& s) { return s.location.path == last.location.path; });
    if (same != from.segments.rend()) {
      first_new = static_cast<size_t>(from.segments.rend() - same);
      shift_s = last.start_s() - same->start_s();
    } else {
      while (first_new < from.segments.size() && from.segments[first_new].start_s() <= last.start_s() + kSameTimeS)
        ++first_new;
    }
  }
  for (size_t i = first_new; i < from.segments.size(); ++i) {
    media::SegmentRef seg = from.segments[i];
    seg.period_start_s += shift_s;
    segs.push_back(std::move(seg));
  }
  return from.segments.size() - std::min(first_new, from.segments.size());
}

// Drops the segments of `into` that start after `from`'s last one ends: a
// $Number$ template lists segments ahead of the edge, and a Period closed
// since (@endNumber, after an outage) ends before them.
size_t drop_unlisted_tail(media::ResolvedRepresentation& into, const media::ResolvedRepresentation& from) {
  if (from.segments.empty()) return 0;
  const media::SegmentRef& last = from.segments.back();
  const double end_s = last.start_s() + last.duration_s();
  size_t dropped = 0;
  for (; !into.segments.empty() && into.segments.back().start_s() >= end_s - kSameTimeS; ++dropped)
    into.segments.pop_back();
  return dropped;
}

// Appends the segments `from` has beyond `into`, set by set, into `out`
// (`trim`: and drops those it no longer lists at the end).
void merge_period(PeriodStreams& into_period, PeriodStreams& from_period, bool trim, LiveMerge& out) {
  for_each_stream(into_period, [&](StreamInfo& into) {
    const StreamInfo* from = nullptr;
    for_each_stream(from_period, [&](StreamInfo& s) {
      if (from == nullptr && s.kind == into.kind && s.set_index == into.set_index) from = &s;
    });
    if (from == nullptr) return;
    size_t added = 0;
    const size_t count_before = into.segment_count();
    // A track that listed no segment yet in some Representation has had
    // nothing fetched: it takes the fresh lists whole, aligned as listed.
    const bool unlisted = count_before == 0;
    for (auto& rep : into.representations)
      for (const auto& other : from->representations)
        if (other.representation->id == rep.representation->id) {
          if (unlisted) {
            rep.segments = other.segments;
            added += rep.segments.size();
          } else {
            added += append_newer(rep, other);
            if (trim) out.dropped += drop_unlisted_tail(rep, other);
          }
          break;
        }
    if (added > 0 || into.segment_count() != count_before) {
      // The metadata table (empty rows for live) must cover the new segments.
      into.metadata.resize(into.representations.size());
      build_rate_tables(into);
    }
    out.added += added;
  });
}

// Moves `period` to the end of `live`, renumbered there.
void append_period(Presentation& live, PeriodStreams&& period) {
  period.index = live.periods.size();
  for_each_stream(period, [&](StreamInfo& s) {
    s.period = period.index;
    s.metadata.resize(s.representations.size());
    build_rate_tables(s);
  });
  live.periods.push_back(std::move(period));
}

}  // namespace

LiveMerge merge_live_update(Presentation& live, Presentation& fresh) {
  LiveMerge out;
  out.ended = !fresh.live;
  if (live.periods.empty()) return out;
  const bool fresh_static = !fresh.live;
  for (size_t i = 0; i < fresh.periods.size(); ++i) {
    PeriodStreams& period = fresh.periods[i];
    if (auto known = known_period(live, period, i, fresh_static, fresh.periods.size())) {
      PeriodStreams& into = live.periods[*known];
      // (A static MPD replays the Periods on other times: nothing to compare.)
      merge_period(into, period, /*trim=*/!fresh_static, out);
      // Followed by another in a live MPD, a Period has its end: the next
      // one's start, or its own @duration.
      if (!fresh_static && i + 1 < fresh.periods.size()) into.duration_s = period.duration_s;
      continue;
    }
    // A Period that began since the last refresh. (Older unknown ones were
    // left out as past at load; a static MPD's timing cannot place new ones.)
    if (fresh_static || period.start_s <= live.periods.back().start_s + kSamePeriodStartS) continue;
    append_period(live, std::move(period));
    ++out.new_periods;
  }
  // An earlier Period ends where the next begins, at the latest.
  for (size_t i = 0; i + 1 < live.periods.size(); ++i) {
    PeriodStreams& p = live.periods[i];
    const double next_start_s = live.periods[i + 1].start_s;
    if (!std::isfinite(p.duration_s) || p.end_s() > next_start_s) p.duration_s = next_start_s - p.start_s;
  }
  if (out.new_periods > 0) live.refreshed_mpds.push_back(std::move(fresh.mpd));
  if (live.live) {
    if (fresh.live) {
      live.live->horizon_s = fresh.live->horizon_s;
      live.live->availability_time_offset_s = fresh.live->availability_time_offset_s;
    }
    live.live->ended = live.live->ended || out.ended;
  }
  return out;
}

}  // namespace player
