#include "player/session/live_session.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "player/session/live_merge.h"
#include "player/session/live_presentation.h"

namespace player {
namespace {

// How often the latency is measured and the edge policy consulted.
constexpr double kLiveTickS = 0.25;
// Requests wait this long past a segment's availability time: it covers
// the rounding of the clock offset (the origin answers 404 a moment early).
constexpr double kAvailabilityMarginS = 0.05;
// A loader that runs out of segments asks for a refresh at most this often.
constexpr double kMinRefreshIntervalS = 0.25;
// Waits shorter than this are rounding, not a reason to set another timer.
constexpr double kNoWaitS = 1e-6;
// Segments reach the buffer whole, when their response ends (at the end of
// the segment for chunked ones): a latency under one segment plus a margin
// would stall before every segment. When chunks are appended as they arrive
// the same holds of one chunk.
constexpr double kMinLatencySegments = 1.5;
// Catch-up waits for at most this share of the target latency in the buffer.
constexpr double kCatchUpMinBufferOfTarget = 0.25;
// Jump when this many seconds (or two segments, if more) behind the target.
constexpr double kMinJumpThresholdS = 3;

// The stream that leads a Period: video, else the default audio track.
const StreamInfo* lead_of(const PeriodStreams& period) {
  const StreamInfo* video = period.stream(StreamKind::kVideo);
  return video != nullptr ? video : period.stream(StreamKind::kAudio);
}

// The earliest segment listed, in the earliest Period that has one (nullptr: none).
const media::SegmentRef* earliest_segment(const Presentation& p) {
  for (const auto& period : p.periods)
    if (const StreamInfo* s = lead_of(period); s != nullptr && s->segment_count() > 0) return &s->segment(0, 0);
  return nullptr;
}

double first_segment_s(const Presentation& p) {
  const media::SegmentRef* first = earliest_segment(p);
  return first != nullptr ? first->duration_s() : 1.0;
}

CatchUpOptions catch_up_options(const Presentation& p, const LiveOptions& o, double target_s) {
  CatchUpOptions c;
  c.max_rate = o.max_rate;
  // Playing 5% faster drains 5% more of the buffer: fine unless it is nearly
  // empty. A quarter of the target is left to low-latency sessions, whose
  // buffer dips by a whole chunk before each one arrives.
  c.min_buffer_s = std::min(c.min_buffer_s, kCatchUpMinBufferOfTarget * target_s);
  if (p.live->max_playback_rate) c.max_rate = std::min(c.max_rate, std::max(1.0, *p.live->max_playback_rate));
  c.min_rate = std::clamp(o.min_rate, 0.5, 1.0);
  if (p.live->min_playback_rate) c.min_rate = std::max(c.min_rate, std::min(1.0, *p.live->min_playback_rate));
  c.jump_threshold_s = o.jump_threshold_s > 0 ? o.jump_threshold_s
                                              : std::max(kMinJumpThresholdS, 2 * first_segment_s(p));
  return c;
}

PresentationOptions refresh_options(std::function<double()> wall_clock, const LiveOptions& o) {
  PresentationOptions po = o.tracks;
  po.on_mpd_request = o.on_mpd_request;
  po.wall_clock_unix_s = std::move(wall_clock);
  po.probe_decoders = false;  // the sets were chosen at load; a refresh only lists segments
  return po;
}

// The availabilityTimeOffset of the stream that leads (0: none).
double lead_ato_s(const Presentation& p) {
  if (p.periods.empty()) return 0;
  const StreamInfo* lead = lead_of(p.periods.back());
  return lead != nullptr ? p.live->availability_time_offset_s[static_cast<size_t>(lead->kind)] : 0;
}

// How much media reaches the buffer at once: a chunk or a whole segment.
double append_unit_s(const Presentation& p, bool chunk_appends) {
  const double segment_s = first_segment_s(p);
  if (!chunk_appends) return segment_s;
  return std::clamp(segment_s - lead_ato_s(p), 0.0, segment_s);
}

}  // namespace

bool live_chunk_appends(const Presentation& p, bool network_streams_body) {
  if (!network_streams_body || !p.live) return false;
  const double ato = lead_ato_s(p);
  return ato > 0 && ato < first_segment_s(p);
}

double live_target_latency_s(const Presentation& p, const LiveOptions& options, bool chunk_appends) {
  const double wanted_s = target_latency_s(*p.live, first_segment_s(p), options.delay_s);
  return std::max(wanted_s, kMinLatencySegments * append_unit_s(p, chunk_appends));
}

LiveSession::LiveSession(Presentation& presentation, LiveOptions options, SessionCore& core, EventLog& log,
                         EventLoop& loop, TransportFactory& network, std::function<double()> local_unix_s,
                         Hooks hooks)
    : p_(presentation),
      options_(options),
      core_(core),
      log_(log),
      loop_(loop),
      local_unix_s_(std::move(local_unix_s)),
      hooks_(std::move(hooks)),
      time_channel_(network.make_channel()),
      clock_sync_(*time_channel_, local_unix_s_),
      refresher_(std::make_unique<MpdRefresher>(p_.mpd_url, network.make_channel(),
                                                refresh_options([this] { return wall_now_s(); }, options))),
      edge_(CatchUpOptions{}),
      latency_s_(std::numeric_limits<double>::quiet_NaN()) {
  chunk_appends_ = live_chunk_appends(p_, network.streams_body());
  target_s_ = live_target_latency_s(p_, options_, chunk_appends_);
  edge_ = LiveEdge(catch_up_options(p_, options_, target_s_));
  stats_.target_latency_s = target_s_;
}

LiveSession::~LiveSession() { stop(); }

void LiveSession::stop() {
  loop_.cancel(refresh_timer_);
  loop_.cancel(soon_timer_);
  loop_.cancel(tick_timer_);
  clock_sync_.cancel();
  refresher_->cancel();
}

double LiveSession::segment_s() const { return first_segment_s(p_); }

double LiveSession::edge_position_s() const {
  const double edge = live_edge_s(*p_.live, wall_now_s()) - target_s_;
  const media::SegmentRef* first = earliest_segment(p_);
  return std::max(edge, first != nullptr ? first->start_s() : 0.0);
}

double LiveSession::window_start_s() const {
  const media::SegmentRef* first = earliest_segment(p_);
  double start = first != nullptr ? first->start_s() : 0.0;
  if (std::isfinite(p_.live->time_shift_buffer_s) && !p_.live->ended)
    start = std::max(start, live_edge_s(*p_.live, wall_now_s()) - p_.live->time_shift_buffer_s + segment_s());
  return std::min(start, edge_position_s());
}

void LiveSession::begin() {
  const LiveInfo& live = *p_.live;
  const double wanted_s = player::target_latency_s(live, segment_s(), options_.delay_s);
  if (wanted_s < target_s_)
    log_.event(core_.now_s(), "warning",
               {{"message", "target latency " + std::to_string(wanted_s) + " s raised to " + std::to_string(target_s_) +
                                (chunk_appends_ ? " s: chunks are appended whole (1.5 chunks at least)"
                                                : " s: segments are appended whole (1.5 segments at least)")}});
  log_.event(core_.now_s(), "live",
             {{"target_latency_s", target_s_}, {"chunk_appends", chunk_appends_}, {"max_rate", edge_.options().max_rate},
              {"min_rate", edge_.options().min_rate},
              {"jump_threshold_s", edge_.options().jump_threshold_s},
              {"minimum_update_period_s", live.minimum_update_period_s.value_or(0)},
              {"time_shift_buffer_s", std::isfinite(live.time_shift_buffer_s) ? live.time_shift_buffer_s : -1}});
  clock_sync_.start(utc_sources(p_.mpd->utc_timing, p_.mpd_url),
                    [this](const ClockSync::Outcome& o) { synced(o); });
}

void LiveSession::synced(const ClockSync::Outcome& outcome) {
  offset_s_ = outcome.offset_s.value_or(0);
  if (outcome.offset_s)
    log_.event(core_.now_s(), "clock_sync", {{"offset_s", offset_s_}, {"source", outcome.source}});
  else
    log_.event(core_.now_s(), "clock_sync", {{"offset_s", 0}, {"error", outcome.error + "; using the local clock"}});
  last_tick_s_ = loop_.now_s();
  hooks_.start(edge_position_s());
  arm_refresh();
  tick_timer_ = loop_.after(kLiveTickS, [this] { tick(); });
}

double LiveSession::wait_s(StreamKind kind, const media::SegmentRef& segment) {
  if (p_.live->ended) return 0;  // a static MPD lists complete segments only
  const double ato = p_.live->availability_time_offset_s[static_cast<size_t>(kind)];
  const double wait = available_from_unix_s(*p_.live, segment, ato) + kAvailabilityMarginS - wall_now_s();
  return wait > kNoWaitS ? wait : 0;
}

bool LiveSession::chunk_appends(StreamKind kind) const {
  return chunk_appends_ && p_.live->availability_time_offset_s[static_cast<size_t>(kind)] > 0;
}

bool LiveSession::more_coming(StreamKind kind) {
  if (p_.live->ended) return false;
  refresh_soon(kind);
  return true;
}

// The next segment of `kind` is announced once it is available: refresh then
// (not sooner, it would find nothing; not at the next periodic refresh,
// which may be almost a segment later). It follows the last Period's.
void LiveSession::refresh_soon(StreamKind kind) {
  if (soon_timer_ != 0 || refresher_->in_flight()) return;
  double next_s = loop_.now_s();
  const StreamInfo* s = p_.periods.empty() ? nullptr : p_.periods.back().stream(kind);
  if (s != nullptr && s->segment_count() > 0) {
    const media::SegmentRef& last = s->segment(0, s->segment_count() - 1);
    const double ato = p_.live->availability_time_offset_s[static_cast<size_t>(kind)];
    const double next_unix = available_from_unix_s(*p_.live, last, ato) + last.duration_s() + kAvailabilityMarginS;
    next_s += std::max(0.0, next_unix - wall_now_s());
  }
  const double due = std::max(next_s, last_refresh_s_ + kMinRefreshIntervalS);
  soon_timer_ = loop_.at(due, [this] {
    soon_timer_ = 0;
    refresh("run out");
  });
}

void LiveSession::arm_refresh() {
  if (refresh_timer_ != 0 || p_.live->ended || !p_.live->minimum_update_period_s) return;
  const double period_s = std::max(kMinRefreshIntervalS, *p_.live->minimum_update_period_s);
  refresh_timer_ = loop_.after(period_s, [this] {
    refresh_timer_ = 0;
    refresh("period");
  });
}

void LiveSession::refresh(const char* why) {
  if (refresher_->in_flight() || p_.live->ended) return;
  last_refresh_s_ = loop_.now_s();
  refresher_->fetch([this, why](media::Result<Presentation> fresh) { refreshed(std::move(fresh), why); });
}

void LiveSession::not_found(StreamKind) {
  if (p_.live->ended || loop_.now_s() - last_refresh_s_ < kMinRefreshIntervalS) return;
  refresh("404");
}

void LiveSession::refreshed(media::Result<Presentation> fresh, const char* why) {
  if (!fresh.ok()) {
    log_.event(core_.now_s(), "error", {{"error", fresh.error().message}});
    arm_refresh();  // try again next period
    return;
  }
  const LiveMerge merge = merge_live_update(p_, *fresh);
  if (log_.records_events())
    log_.event(core_.now_s(), "mpd_refresh",
               {{"added", merge.added}, {"dropped", merge.dropped}, {"new_periods", merge.new_periods},
                {"static", merge.ended}, {"why", why}});
  if (merge.ended) loop_.cancel(refresh_timer_);
  arm_refresh();
  if (merge.added > 0 || merge.dropped > 0 || merge.new_periods > 0 || merge.ended) hooks_.changed();
}

void LiveSession::producer_time(double presentation_s, double capture_unix_s) {
  capture_offset_s_ = capture_unix_s - presentation_s;
}

void LiveSession::tick() {
  tick_timer_ = 0;
  core_.advance();  // the position as of now (virtual time moves it only on events)
  const PlaybackState pb = core_.playback();
  if (pb.state() == PlayState::kEnded || core_.stopped()) return;
  tick_timer_ = loop_.after(kLiveTickS, [this] { tick(); });
  const double now = loop_.now_s();
  const double latency = live_edge_s(*p_.live, wall_now_s()) - pb.position_s();
  if (pb.state() != PlayState::kStartup) latency_s_.store(latency);
  if (pb.state() == PlayState::kPlaying) {
    stats_.latency_samples_s.push_back(latency);
    if (!std::isnan(capture_offset_s_)) stats_.prft_latency_samples_s.push_back(wall_now_s() - (capture_offset_s_ + pb.position_s()));
    if (rate_ > 1) stats_.faster_s += now - last_tick_s_;
    if (rate_ < 1) stats_.slower_s += now - last_tick_s_;
  }
  last_tick_s_ = now;
  EdgeAction a;
  if (!p_.live->ended && following_) a = edge_.decide(now, latency, target_s_, pb.min_buffer_s(), pb.state(), pb.seeking());
  if (a.jump) {
    ++stats_.jumps;
    const double to = edge_position_s();
    log_.event(core_.now_s(), "live_jump", {{"latency_s", latency}, {"target_s", target_s_}, {"position_s", to}});
    rate_ = 1;
    core_.set_rate(1);
    hooks_.jump(to);
    return;
  }
  const double rate = std::round(a.rate * 100) / 100;  // steps of 1 %: fewer changes to log
  if (rate != rate_) {
    rate_ = rate;
    core_.set_rate(rate);
    if (log_.records_events()) log_.event(core_.now_s(), "live_rate", {{"rate", rate}, {"latency_s", latency}});
    hooks_.changed();
  }
}

}  // namespace player
