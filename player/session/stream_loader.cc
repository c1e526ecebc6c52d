#include "player/session/stream_loader.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "media/isobmff/boxes.h"
#include "player/abr/abandonment.h"
#include "player/abr/audio_rule.h"
#include "player/abr/playback_rate.h"
#include "player/session/periods.h"

namespace player {
namespace {

// Presentation time of `ticks` of media time in the init segment's track timescale.
double presentation_s(const media::InitInfo& info, const media::SegmentRef& ref, uint64_t ticks) {
  return ref.period_start_s + static_cast<double>(ticks) / info.timescale -
         static_cast<double>(ref.presentation_time_offset) / static_cast<double>(ref.timescale);
}

// A media segment's (or chunk's) prft as (presentation time, capture wall
// clock), when it has one.
std::optional<std::pair<double, double>> producer_time_of(const media::InitInfo& info, const std::string& segment,
                                                          const media::SegmentRef& ref) {
  if (info.timescale == 0) return std::nullopt;
  auto boxes = media::read_boxes(media::bytes_of(segment), 0, /*allow_truncated_tail=*/true);
  if (!boxes.ok()) return std::nullopt;
  const auto prft_box = media::find_box(*boxes, media::fourcc("prft"));
  if (!prft_box) return std::nullopt;
  auto prft = media::parse_prft(*prft_box);
  if (!prft.ok()) return std::nullopt;
  return std::pair{presentation_s(info, ref, prft->media_time), prft->unix_time_s()};
}

// Where a CMAF chunk of segment `ref` ends in presentation time: its moof's
// decode time plus its samples' durations (none when it does not say).
std::optional<double> chunk_end_s(const media::InitInfo& info, const std::string& chunk, const media::SegmentRef& ref) {
  if (info.timescale == 0) return std::nullopt;
  auto fragments = media::parse_media_segment(media::bytes_of(chunk), info.defaults);
  if (!fragments.ok()) return std::nullopt;
  std::optional<double> end;
  for (const auto& f : *fragments)
    if (f.track_id == info.track_id && f.base_media_decode_time)
      end = presentation_s(info, ref, *f.base_media_decode_time + f.duration_ticks);
  return end;
}

// Responses below this size say more about latency than about throughput:
// the algorithm does not learn from them.
constexpr double kMinThroughputSampleBytes = 16 * 1024;
// A full decoder queue is tried again after this long.
constexpr double kHandOverRetryS = 0.01;
// An abandoned segment is restarted lower at most this many times.
constexpr size_t kMaxAbandonments = 8;

double bits(double bytes) { return bytes * 8; }

// Live: a $Number$ template lists segments ahead of the edge; once the next
// Period has begun, those of `period` from its start on do not exist.
bool past_period_end(const Presentation& p, size_t period, const StreamInfo& s, size_t index) {
  return period + 1 < p.periods.size() && s.segment(0, index).start_s() >= p.periods[period].end_s() - 1e-6;
}

}  // namespace

StreamLoader::StreamLoader(StreamKind kind, const Presentation& presentation, TrackChooser track, SessionCore& core,
                           EventLog& log, EventLoop& loop, std::unique_ptr<Transport> channel,
                           BaseUrlSelector& base_urls, AbrSlot& abr, media::BoundedQueue<DownloadedSegment>* out,
                           LoaderOptions options, uint64_t seed, std::function<void()> on_appended)
    : kind_(kind),
      presentation_(presentation),
      track_(std::move(track)),
      core_(core),
      log_(log),
      loop_(loop),
      channel_(std::move(channel)),
      base_urls_(base_urls),
      abr_(abr),
      out_(out),
      options_(std::move(options)),
      rng_(seed),
      on_appended_(std::move(on_appended)) {}

StreamLoader::~StreamLoader() { stop(); }

void StreamLoader::stop() {
  loop_.cancel(timer_);
  loop_.cancel(flush_timer_);
  if (channel_) channel_->cancel();
  result_.reset();
  to_decoder_.clear();
  phase_ = Phase::kIdle;
}

void StreamLoader::start(size_t period, size_t index, double from_s) {
  stop();
  last_rung_.reset();  // what the algorithm chose last stays; this is about the ladder
  enter_period(period);
  index_ = index;
  start_when_listed_s_ = stream_ != nullptr && stream_->segment_count() == 0 ? from_s : std::nan("");
  idle_since_s_ = core_.now_s();
  stall_at_last_append_s_ = core_.total_stall_s();
  stall_at_last_request_s_ = stall_at_last_append_s_;
  next();
}

void StreamLoader::wake() {
  if (phase_ != Phase::kWaitingForRoom) return;
  loop_.cancel(timer_);
  next();
}

void StreamLoader::listing_changed() {
  if (stream_ == nullptr || index_ < stream_->segment_count()) return;
  if (phase_ != Phase::kFetching && phase_ != Phase::kBackingOff && phase_ != Phase::kHandingOver) return;
  log_event("withdrawn", [&] { return nlohmann::json{{"period", period_}, {"index", index_}}; });
  stop();
  next();  // on to the next Period
}

void StreamLoader::set_timer(double delay_s, Step step) {
  loop_.cancel(timer_);
  timer_ = loop_.after(delay_s, [this, step] {  // small enough for std::function's inline storage
    timer_ = 0;
    switch (step) {
      case Step::kNext: next(); break;
      case Step::kRequest: request(); break;
      case Step::kSend: send(); break;
      case Step::kHandOver: hand_over(); break;
    }
  });
}

void StreamLoader::enter_period(size_t period) {
  const StreamInfo* before = stream_;
  period_ = period;
  stream_ = period < presentation_.periods.size() ? track_(period) : nullptr;
  index_ = 0;
  if (stream_ == before) return;
  init_cache_.clear();
  init_info_.clear();
  // A new ladder: carry the quality level over by bitrate.
  if (last_rung_ && before != nullptr && stream_ != nullptr && *last_rung_ < before->bitrates_bps.size())
    last_rung_ = rung_for_bitrate(*stream_, before->bitrates_bps[*last_rung_]);
  else
    last_rung_.reset();
}

void StreamLoader::switch_track() {
  retrack_ = false;
  const StreamInfo* chosen = track_(period_);
  if (chosen == nullptr || chosen == stream_) return;
  // Segments of the tracks of a Period are aligned in our content; otherwise
  // the one holding the buffer's end is fetched again.
  const double from_s = stream_->segment(0, index_).start_s();
  stream_ = chosen;
  init_cache_.clear();
  init_info_.clear();
  last_rung_.reset();
  index_ = segment_at(*stream_, from_s);
  log_event("track", [&] { return nlohmann::json{{"period", period_}, {"track", stream_->label()}, {"from_s", from_s}}; });
}

size_t StreamLoader::segments_remaining() const {
  size_t left = stream_ != nullptr ? stream_->segment_count() - std::min(index_, stream_->segment_count()) : 0;
  for (size_t p = period_ + 1; p < presentation_.periods.size(); ++p)
    if (const StreamInfo* s = track_(p)) left += s->segment_count();
  return left;
}

abr::AbrContext StreamLoader::context(size_t index, const StreamView& view) const {
  abr::AbrContext ctx;
  ctx.buffer_s = view.buffer_s;
  ctx.state = view.abr_state;
  ctx.bitrates_bps = stream_->bitrates_bps;
  ctx.resolutions = stream_->resolutions;
  ctx.segment_duration_s = stream_->segment(0, index).duration_s();
  if (!(ctx.segment_duration_s > 0)) ctx.segment_duration_s = 1;
  ctx.segment_index = index;
  ctx.segments_remaining = std::max<size_t>(1, segments_remaining());
  ctx.upcoming_sizes_bytes = stream_->sizes_from(index);
  ctx.upcoming_quality_db = stream_->quality_from(index);
  ctx.last_rung = last_rung_;
  ctx.buffer_cap_s = options_.max_buffer_s;
  ctx.waited_s = seg_.wait_s;
  if (options_.gate != nullptr) {
    // Live: the buffer cannot outgrow the latency (segments do not exist
    // before they are produced), as dash-abr-bench --live tells algorithms.
    ctx.live = true;
    ctx.target_latency_s = options_.gate->target_latency_s();
    const double latency = options_.gate->latency_s();
    ctx.latency_s = std::isnan(latency) ? 0 : latency;
    ctx.buffer_cap_s = std::min(ctx.buffer_cap_s, std::max(ctx.target_latency_s, ctx.latency_s));
  }
  // The algorithm plans in playback time (playback_rate.h).
  abr::apply_playback_rate(ctx, view.rate, rate_bitrates_bps_);
  return ctx;
}

const media::MediaLocation& StreamLoader::location() const {
  const auto& rep = stream_->representations[seg_.rung];
  return seg_.fetching_init ? *rep.initialization : stream_->segment(seg_.rung, index_).location;
}

// What to do for segment index_: finish, wait for room, or choose and fetch it.
void StreamLoader::next() {
  if (core_.stopped()) return;
  // A refresh listed the first segments of a track that had none.
  if (!std::isnan(start_when_listed_s_) && stream_ != nullptr && stream_->segment_count() > 0) {
    index_ = segment_from(*stream_, start_when_listed_s_);
    start_when_listed_s_ = std::nan("");
  }
  // The end of a Period's track: on to the next Period.
  while (stream_ == nullptr || index_ >= stream_->segment_count() ||
         (options_.gate && past_period_end(presentation_, period_, *stream_, index_))) {
    const bool last = period_ + 1 >= presentation_.periods.size();
    // Live: the last Period grows, or another follows it: wait for a refresh
    // to tell; the gate wakes us (see wake()).
    if (last && options_.gate && options_.gate->more_coming(kind_)) {
      phase_ = Phase::kWaitingForRoom;
      return;
    }
    if (stream_ == nullptr && period_ < presentation_.periods.size())
      log_event("no_track", [&] { return nlohmann::json{{"period", period_}}; });
    // The Period's time counts as buffered up to its end, past its media: a
    // Period without this track, or media ending before the next Period (a
    // live input that was away), does not stall playback.
    if ((stream_ == nullptr || !last) && period_ < presentation_.periods.size() &&
        std::isfinite(presentation_.periods[period_].end_s()))
      core_.append(kind_, presentation_.periods[period_].end_s());
    if (last) {
      phase_ = Phase::kFinished;
      core_.finish(kind_);
      on_appended_();
      return;
    }
    enter_period(period_ + 1);
    if (stream_ != nullptr)
      log_event("period", [&] { return nlohmann::json{{"period", period_}, {"track", stream_->label()},
                                                        {"start_s", presentation_.periods[period_].start_s}}; });
  }
  if (retrack_) switch_track();
  // Buffer levels as of now (virtual time moves only between events).
  const StreamView view = core_.advance_and_view(kind_);
  if (!options_.fast) {
    const double excess_s = view.buffer_s + stream_->segment(0, index_).duration_s() - options_.max_buffer_s;
    if (excess_s > 1e-6) {
      phase_ = Phase::kWaitingForRoom;
      // The buffer drains only while playing; otherwise wake() calls again.
      if (view.state == PlayState::kPlaying) set_timer(excess_s, Step::kNext);
      return;
    }
  }
  if (options_.gate) {
    // Never ask for a live segment before its availability time.
    if (const double wait_s = options_.gate->wait_s(kind_, stream_->segment(0, index_)); wait_s > 0) {
      phase_ = Phase::kWaitingToRequest;
      set_timer(wait_s, Step::kNext);
      return;
    }
  }
  choose(view);
}

void StreamLoader::choose(const StreamView& view) {
  const double now = core_.now_s();
  seg_ = Pending{};
  seg_.wait_s = std::max(0.0, now - idle_since_s_);
  seg_.buffer_before_s = view.buffer_s;
  seg_.requested_s = now;
  const size_t top = stream_->representations.size() - 1;
  abr::AbrAlgorithm& algorithm = *abr_.algorithm;
  if (!video()) {
    const abr::AudioChoice audio = abr::choose_audio_rung(stream_->bitrates_bps, algorithm.estimate_bps());
    seg_.rung = audio.rung;
    seg_.reason = audio.reason;
    seg_.estimate_bps = algorithm.estimate_bps();
  } else if (abr_.pinned_rung) {
    seg_.rung = std::min(*abr_.pinned_rung, top);
    seg_.reason = abr::make_reason("pinned to rung %.0f", static_cast<double>(seg_.rung));
    seg_.estimate_bps = algorithm.estimate_bps();
  } else {
    const abr::Decision d = algorithm.choose(context(index_, view));
    if (algorithm_failed()) return;
    seg_.rung = std::min(d.rung, top);
    seg_.reason = d.reason;
    seg_.estimate_bps = d.estimate_bps > 0 ? d.estimate_bps : algorithm.estimate_bps();
    // The algorithm's wait (a buffer target) never stalls playback.
    if (d.wait_s > 0 && !options_.fast && view.state == PlayState::kPlaying) {
      const double wait_s = std::min(d.wait_s, view.buffer_s);
      if (wait_s > 0) {
        seg_.wait_s += wait_s;
        phase_ = Phase::kWaitingToRequest;
        set_timer(wait_s, Step::kRequest);
        return;
      }
    }
  }
  request();
}

// Starts the segment at seg_.rung: its init segment first when not cached.
void StreamLoader::request() {
  const auto& rep = stream_->representations[seg_.rung];
  seg_.fetching_init = rep.initialization.has_value() && !init_cache_.count(seg_.rung);
  seg_.attempt = 0;
  seg_.first_try_s = core_.now_s();
  seg_.base = base_urls_.choose(seg_.first_try_s) % rep.base_urls.size();
  seg_.last_judged_s = -1;
  send();
}

void StreamLoader::send() {
  const auto& rep = stream_->representations[seg_.rung];
  const media::MediaLocation& loc = location();
  FetchRequest req;
  req.url = rep.url_for(loc, seg_.base);
  req.range = loc.range;
  req.timeout_ms = options_.request_timeout_ms;
  if (options_.cmcd != CmcdMode::kOff) apply_cmcd(options_.cmcd, cmcd_for(req.url), req);
  TransferHandlers handlers;
  handlers.on_done = [this](media::Result<FetchResult> r) { on_done(std::move(r)); };
  // A growing segment arrives at the encoder's pace: its chunks are played as
  // they come, and it is not judged for abandonment (it would look slow).
  const bool chunked = !seg_.fetching_init && !req.range && options_.gate != nullptr &&
                       options_.gate->chunk_appends(kind_) && init_info_.count(seg_.rung);
  if (chunked) {
    seg_.chunks.emplace(seg_.chunk_bytes);
    handlers.on_body = [this](std::vector<BodyPiece> pieces) { on_body(std::move(pieces)); };
  }
  const bool judged = video() && !seg_.fetching_init && !chunked && options_.abandonment && !options_.fast &&
                      !abr_.pinned_rung && seg_.rung > 0 && seg_.abandoned < kMaxAbandonments;
  if (judged)
    handlers.on_progress = [this](uint64_t received, std::optional<uint64_t> total, double elapsed_s, double ttfb_s) {
      on_progress(received, total, elapsed_s, ttfb_s);
    };
  phase_ = Phase::kFetching;
  channel_->start(req, std::move(handlers));
}

CmcdRequest StreamLoader::cmcd_for(const std::string& url) {
  // Asking for twice the rate that just meets the deadline leaves the other
  // half of the buffer for the next object.
  constexpr double kRtpHeadroom = 2;
  const StreamView view = core_.advance_and_view(kind_);
  const auto& rep = stream_->representations[seg_.rung];
  CmcdRequest c;
  c.sid = options_.session_id;
  c.cid = options_.content_id;
  c.ot = seg_.fetching_init ? "i" : kind_ == StreamKind::kVideo ? "v" : kind_ == StreamKind::kAudio ? "a" : "c";
  c.br_kbps = static_cast<double>(rep.representation->bandwidth) / 1000;
  c.tb_kbps = static_cast<double>(stream_->representations.back().representation->bandwidth) / 1000;
  c.bl_ms = view.buffer_s * 1000;
  const double bits = seg_.fetching_init ? 0 : stream_->size_bytes(seg_.rung, index_) * 8;
  if (!seg_.fetching_init) c.d_ms = stream_->segment(seg_.rung, index_).duration_s() * 1000;
  if (view.state == PlayState::kPlaying && view.buffer_s > 0) {
    c.dl_ms = view.buffer_s / view.rate * 1000;
    if (bits > 0) c.rtp_kbps = kRtpHeadroom * bits / (view.buffer_s / view.rate) / 1000;
  }
  if (const double estimate = abr_.algorithm->estimate_bps(); estimate > 0) c.mtp_kbps = estimate / 1000;
  c.bs = view.state == PlayState::kStalled || view.total_stall_s > stall_at_last_request_s_ + 1e-9;
  c.su = view.state == PlayState::kStartup || view.state == PlayState::kStalled;
  c.pr = view.rate;
  stall_at_last_request_s_ = view.total_stall_s;
  // The next object: the media segment after an init segment, else the next segment.
  const size_t next = seg_.fetching_init ? index_ : index_ + 1;
  if (next < stream_->segment_count()) c.nor = relative_url(url, rep.url_for(stream_->segment(seg_.rung, next).location, seg_.base));
  return c;
}

void StreamLoader::on_progress(uint64_t received, std::optional<uint64_t> total, double elapsed_s, double ttfb_s) {
  if (received == 0 || elapsed_s - seg_.last_judged_s < options_.judge_interval_s) return;
  seg_.last_judged_s = elapsed_s;
  const StreamView view = core_.advance_and_view(kind_);
  abr::DownloadProgress p;
  p.rung = seg_.rung;
  p.size_bytes = total ? static_cast<double>(*total) : stream_->size_bytes(seg_.rung, index_);
  p.received_bytes = static_cast<double>(received);
  p.elapsed_s = elapsed_s;
  p.ttfb_s = ttfb_s;
  p.buffer_s = view.buffer_s / view.rate;
  const auto lower = abr::should_abandon(*abr_.algorithm, p, context(index_, view));
  if (algorithm_failed()) return;
  if (lower) abandon(*lower, received, elapsed_s, ttfb_s, view.buffer_s);
}

void StreamLoader::abandon(size_t lower, uint64_t received, double elapsed_s, double ttfb_s, double buffer_s) {
  channel_->cancel();
  log_event("abandon", [&] { return nlohmann::json{{"index", index_}, {"from_rung", seg_.rung}, {"to_rung", lower},
                        {"received_bytes", received}, {"elapsed_s", elapsed_s}}; });
  // Tell the algorithm what the aborted transfer showed before refetching lower.
  abr::SegmentResult r;
  r.rung = seg_.rung;
  r.segment_index = index_;
  r.size_bytes = static_cast<double>(received);
  r.ttfb_s = ttfb_s;
  r.download_s = std::max(0.0, elapsed_s - ttfb_s);
  const double rate = core_.rate();
  r.buffer_after_s = buffer_s / rate;
  r.abandoned = true;
  r.segment_duration_s = stream_->segment(seg_.rung, index_).duration_s() / rate;
  abr_.algorithm->observe(r);
  if (algorithm_failed()) return;
  ++seg_.abandoned;
  seg_.abandoned_bytes += static_cast<double>(received);
  seg_.rung = lower;
  seg_.reason = abr::make_reason("abandoned a higher rung after %.2f s", elapsed_s);
  request();
}

void StreamLoader::on_body(std::vector<BodyPiece> pieces) {
  if (!seg_.chunks) return;
  for (BodyPiece& piece : pieces)
    for (ChunkAssembler::Chunk& chunk : seg_.chunks->add(piece.bytes, piece.elapsed_s)) {
      append_chunk(std::move(chunk.bytes));
      if (!seg_.chunks) return;  // a chunk without times: the rest goes whole
    }
}

void StreamLoader::append_chunk(std::string bytes) {
  const media::SegmentRef& ref = stream_->segment(seg_.rung, index_);
  const media::InitInfo& info = init_info_.at(seg_.rung);
  const std::optional<double> end = chunk_end_s(info, bytes, ref);
  if (!end) {
    // Nothing to tell the buffer: hand the rest of the segment over whole.
    close_chunks();
    return;
  }
  const double start_s = seg_.chunks_appended == 0 ? ref.start_s() : seg_.chunk_end_s;
  const double end_s = std::clamp(*end, start_s, ref.start_s() + ref.duration_s());
  if (seg_.chunks_appended == 0 && video())
    if (auto t = producer_time_of(info, bytes, ref)) options_.gate->producer_time(t->first, t->second);
  if (out_ != nullptr) {
    to_decoder_.push_back(part(std::make_shared<const std::string>(std::move(bytes)), start_s, end_s));
    if (!flush_to_decoder() && flush_timer_ == 0) flush_timer_ = loop_.after(kHandOverRetryS, [this] { retry_flush(); });
  }
  ++seg_.chunks_appended;
  seg_.chunk_bytes = seg_.chunks->handed_bytes();
  seg_.chunk_end_s = end_s;
  core_.append(kind_, end_s);
  on_appended_();
}

void StreamLoader::close_chunks() {
  if (!seg_.chunks) return;
  seg_.burst_bytes += seg_.chunks->timed_bytes();
  seg_.burst_s += seg_.chunks->timed_s();
  seg_.chunks.reset();
}

DownloadedSegment StreamLoader::part(std::shared_ptr<const std::string> data, double start_s, double end_s) const {
  const media::SegmentRef& ref = stream_->segment(seg_.rung, index_);
  DownloadedSegment d;
  d.index = index_;
  d.period = period_;
  d.representation = stream_->representations[seg_.rung].representation->id;
  auto init = init_cache_.find(seg_.rung);
  d.init = init != init_cache_.end() ? init->second : std::make_shared<const std::string>();
  d.data = std::move(data);
  d.start_s = start_s;
  d.end_s = end_s;
  // Decoded times are media times: presentation time = period start +
  // (media time − presentationTimeOffset) / timescale.
  d.pts_offset_s = ref.period_start_s - static_cast<double>(ref.presentation_time_offset) /
                                           static_cast<double>(ref.timescale);
  d.generation = core_.generation().load();
  return d;
}

void StreamLoader::retry_flush() {
  flush_timer_ = 0;
  if (!flush_to_decoder()) flush_timer_ = loop_.after(kHandOverRetryS, [this] { retry_flush(); });
}

bool StreamLoader::flush_to_decoder() {
  while (!to_decoder_.empty()) {
    if (out_->try_push(to_decoder_.front()) != media::QueueStatus::kOk) return false;
    to_decoder_.pop_front();
  }
  return true;
}

void StreamLoader::on_done(media::Result<FetchResult> result) {
  close_chunks();
  if (!result.ok()) {
    if (result.error().code == media::ErrorCode::kCancelled) return;  // the session is stopping
    on_failure(result.error());
    return;
  }
  const double total_s = result->total_ms() / 1000;
  base_urls_.report_success(seg_.base, total_s > 0 ? bits(static_cast<double>(result->size_bytes)) / total_s : 0);
  if (seg_.fetching_init) {
    if (options_.gate != nullptr)
      if (auto info = media::parse_init_segment(media::bytes_of(result->body)); info.ok()) init_info_[seg_.rung] = *info;
    init_cache_[seg_.rung] = std::make_shared<const std::string>(std::move(result->body));
    seg_.fetching_init = false;
    seg_.attempt = 0;
    seg_.first_try_s = core_.now_s();
    send();
    return;
  }
  result_ = std::move(result).value();
  if (options_.gate != nullptr && video() && seg_.chunks_appended == 0 && !result_->body.empty()) {
    // Live: the packager's capture time of this segment, for the latency from prft.
    if (auto info = init_info_.find(seg_.rung); info != init_info_.end())
      if (auto t = producer_time_of(info->second, result_->body, stream_->segment(seg_.rung, index_)))
        options_.gate->producer_time(t->first, t->second);
  }
  hand_over();
}

void StreamLoader::on_failure(const media::Error& error) {
  const auto& rep = stream_->representations[seg_.rung];
  const size_t bases = rep.base_urls.size();
  const double now = core_.now_s();
  const std::string url = rep.url_for(location(), seg_.base);
  base_urls_.report_failure(seg_.base, now);
  if (options_.gate && error.code == media::ErrorCode::kNotFound) options_.gate->not_found(kind_);
  const size_t next_base = bases > 1 ? base_urls_.next_after(seg_.base, now) % bases : seg_.base;
  const int min_attempts = options_.retry.max_attempts + static_cast<int>(bases) - 1;
  const int made = seg_.attempt + 1;
  if (!options_.retry.another_try(made, min_attempts, (now - seg_.first_try_s) * 1000)) {
    log_event("error", [&] { return nlohmann::json{{"index", index_}, {"error", error.message}, {"url", url}}; });
    append(/*skipped=*/true);
    return;
  }
  // The first switch to another BaseURL needs no wait; once every one has
  // failed for this segment, back off between tries.
  const bool fresh_failover = next_base != seg_.base && made < static_cast<int>(bases);
  const double delay_ms = fresh_failover ? 0.0 : options_.retry.delay_ms(made, rng_);
  log_event(next_base != seg_.base ? "failover" : "retry",
            [&] { return nlohmann::json{{"index", index_}, {"attempt", made}, {"error", error.message}, {"url", url},
             {"next_url", rep.url_for(location(), next_base)}, {"delay_ms", delay_ms}}; });
  seg_.attempt = made;
  seg_.base = next_base;
  if (fresh_failover) {
    send();
    return;
  }
  phase_ = Phase::kBackingOff;
  set_timer(delay_ms / 1000, Step::kSend);
}

// An external algorithm that stopped answering ends the session with its reason.
bool StreamLoader::algorithm_failed() {
  const std::string why = abr_.algorithm->failure();
  if (why.empty()) return false;
  channel_->cancel();
  loop_.cancel(timer_);
  core_.fail(media::make_error(media::ErrorCode::kInternal, "ABR " + std::string(abr_.algorithm->name()) + ": " + why));
  on_appended_();  // the session notices the stop
  return true;
}

// Passes the delivered segment (or what its chunks did not carry) to the
// decoder, waiting while its queue is full.
void StreamLoader::hand_over() {
  if (out_ != nullptr) {
    if (phase_ != Phase::kHandingOver) {
      const media::SegmentRef& ref = stream_->segment(seg_.rung, index_);
      const double end_s = ref.start_s() + ref.duration_s();
      std::string& body = result_->body;
      if (seg_.chunks_appended == 0)
        to_decoder_.push_back(part(std::make_shared<const std::string>(std::move(body)), ref.start_s(), end_s));
      else if (seg_.chunk_bytes < body.size())
        to_decoder_.push_back(part(std::make_shared<const std::string>(body.substr(seg_.chunk_bytes)),
                                   seg_.chunk_end_s, end_s));
    }
    if (!flush_to_decoder()) {
      phase_ = Phase::kHandingOver;
      set_timer(kHandOverRetryS, Step::kHandOver);
      return;
    }
  }
  append(/*skipped=*/false);
}

// Adds segment index_ to the buffer (a skipped one as a gap), records and
// reports it, and moves on.
void StreamLoader::append(bool skipped) {
  const media::SegmentRef& ref = stream_->segment(seg_.rung, index_);
  const auto& rep = stream_->representations[seg_.rung];
  const StreamView view = core_.append(kind_, ref.start_s() + ref.duration_s());
  const double now = core_.now_s();
  const double stall_now = view.total_stall_s;

  SegmentRecord rec;
  rec.wall_s = now;
  rec.stream = name();
  rec.period = period_;
  rec.index = index_;
  rec.rung = seg_.rung;
  rec.representation = rep.representation->id;
  rec.bitrate_bps = static_cast<double>(rep.representation->bandwidth);
  rec.buffer_before_s = seg_.buffer_before_s;
  rec.buffer_after_s = view.buffer_s;
  rec.estimate_bps = seg_.estimate_bps;
  rec.media_start_s = ref.start_s();
  rec.media_duration_s = ref.duration_s();
  rec.rebuffer_s = stall_now - stall_at_last_append_s_;
  rec.request_s = seg_.requested_s;
  rec.wait_s = seg_.wait_s;
  rec.abandoned = seg_.abandoned;
  rec.abandoned_bytes = seg_.abandoned_bytes;
  rec.skipped = skipped;
  rec.chunks = seg_.chunks_appended;
  rec.abr_reason = seg_.reason;
  if (seg_.base < rep.service_locations.size()) rec.pathway = rep.service_locations[seg_.base];
  if (!skipped) {
    rec.size_bytes = result_->size_bytes;
    rec.ttfb_ms = result_->ttfb_ms;
    rec.download_ms = result_->total_ms();
    rec.throughput_bps = rec.download_ms > 0 ? bits(static_cast<double>(rec.size_bytes)) / (rec.download_ms / 1000) : 0;
    // A segment that arrived chunk by chunk: the link's rate within its chunks.
    if (seg_.chunks_appended > 0)
      rec.throughput_bps = seg_.burst_s > 0 ? bits(static_cast<double>(seg_.burst_bytes)) / seg_.burst_s : 0;
  } else {
    log_event("skip", [&] { return nlohmann::json{{"index", index_}, {"representation", rec.representation}}; });
  }
  stall_at_last_append_s_ = stall_now;

  if (video()) {
    // A chunked segment teaches the algorithm only by its chunks' bursts: the
    // time spent waiting for the encoder says nothing about the network.
    const bool measured = seg_.chunks_appended == 0 ? static_cast<double>(rec.size_bytes) >= kMinThroughputSampleBytes
                                                    : static_cast<double>(seg_.burst_bytes) >= kMinThroughputSampleBytes;
    if (!skipped && measured) {
      abr::SegmentResult r;
      r.rung = seg_.rung;
      r.segment_index = index_;
      r.size_bytes = static_cast<double>(rec.size_bytes);
      r.ttfb_s = std::max(0.0, result_->ttfb_ms / 1000);
      r.download_s = std::max(0.0, result_->transfer_ms / 1000);
      if (seg_.chunks_appended > 0) {
        // As if the whole segment had come at the chunks' rate, at once.
        r.ttfb_s = 0;
        r.download_s = static_cast<double>(rec.size_bytes) * seg_.burst_s / static_cast<double>(seg_.burst_bytes);
      }
      r.buffer_after_s = rec.buffer_after_s / view.rate;  // in playback time, as context() says
      r.segment_duration_s = ref.duration_s() / view.rate;
      abr_.algorithm->observe(r);
    }
    const auto& common = rep.common;
    core_.set_video_status({seg_.rung, rec.representation, rec.bitrate_bps,
                            common.width && common.height
                                ? std::to_string(*common.width) + "x" + std::to_string(*common.height)
                                : std::string(),
                            seg_.reason, abr_.algorithm->estimate_bps(), std::string(abr_.algorithm->name())});
    if (last_rung_ && *last_rung_ != seg_.rung)
      log_event("switch", [&] { return nlohmann::json{{"index", index_}, {"from_rung", *last_rung_}, {"to_rung", seg_.rung},
                           {"representation", rec.representation}}; });
    last_rung_ = seg_.rung;
  }
  log_.segment(rec);
  result_.reset();
  idle_since_s_ = now;
  ++index_;
  phase_ = Phase::kIdle;
  on_appended_();
  next();
}

}  // namespace player
