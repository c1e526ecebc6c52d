#include "player/session/stream_loader.h"

#include <algorithm>
#include <random>

namespace player {
namespace {

// Audio takes the best rung costing at most this share of the throughput estimate.
constexpr double kAudioShareOfEstimate = 0.15;
// Abandonment: only after this much of a download, and only if a lower rung
// fits in this share of the buffer at the measured rate.
constexpr double kAbandonMinElapsedMs = 300;
constexpr double kAbandonBufferShare = 0.8;
constexpr double kAbandonQueryIntervalMs = 100;

double bits(double bytes) { return bytes * 8; }

}  // namespace

StreamLoader::StreamLoader(StreamKind kind, const StreamInfo& stream, SessionCore& core,
                           std::unique_ptr<Fetcher> fetcher, RateChooser* chooser,
                           media::BoundedQueue<DownloadedSegment>* out, LoaderOptions options,
                           std::atomic<double>* video_estimate_bps)
    : kind_(kind),
      stream_(stream),
      core_(core),
      fetcher_(std::move(fetcher)),
      chooser_(chooser),
      out_(out),
      options_(std::move(options)),
      video_estimate_bps_(video_estimate_bps),
      rng_(std::random_device{}()) {}

double StreamLoader::buffer_s() {
  std::scoped_lock lock(core_.mutex);
  return core_.state.buffer_s(kind_);
}

void StreamLoader::log_event(const std::string& event, nlohmann::json fields) {
  fields["stream"] = name();
  core_.log.event(core_.now_s(), event, std::move(fields));
}

ChoiceInput StreamLoader::choice_input(size_t index) {
  ChoiceInput in;
  {
    std::scoped_lock lock(core_.mutex);
    in.buffer_s = core_.state.buffer_s(kind_);
    in.playing = core_.state.state() == PlayState::kPlaying;
  }
  in.segment_index = index;
  in.segment_count = stream_.segment_count();
  in.segment_duration_s = stream_.segment(0, index).duration_s();
  in.last_rung = last_rung_;
  in.max_buffer_s = options_.max_buffer_s;
  const size_t rungs = stream_.representations.size();
  for (const auto& r : stream_.representations) in.bitrates_bps.push_back(static_cast<double>(r.representation->bandwidth));
  bool have_quality = true;
  for (size_t k = index; k < std::min(in.segment_count, index + options_.lookahead_segments); ++k) {
    std::vector<double> sizes(rungs), quality(rungs);
    for (size_t r = 0; r < rungs; ++r) {
      const media::SegmentMetadata* meta = stream_.metadata.empty() || stream_.metadata[r].size() <= k
                                               ? nullptr : stream_.metadata[r][k];
      sizes[r] = meta ? static_cast<double>(meta->size_bytes)
                      : in.bitrates_bps[r] * stream_.segment(r, k).duration_s() / 8;
      if (meta && meta->psnr_db) quality[r] = *meta->psnr_db;
      else have_quality = false;
    }
    in.upcoming_sizes_bytes.push_back(std::move(sizes));
    in.upcoming_quality.push_back(std::move(quality));
  }
  if (!have_quality) in.upcoming_quality.clear();
  return in;
}

size_t StreamLoader::choose_rung(size_t index, std::string& reason, double& estimate_bps) {
  const size_t rungs = stream_.representations.size();
  if (const int pinned = core_.pinned_rung.load(); pinned >= 0 && chooser_ != nullptr) {
    reason = "pinned to rung " + std::to_string(pinned);
    estimate_bps = chooser_->estimate_bps();
    return std::min(static_cast<size_t>(pinned), rungs - 1);
  }
  if (chooser_ != nullptr) {
    Choice c = chooser_->choose(choice_input(index));
    reason = c.reason;
    estimate_bps = c.estimate_bps;
    return std::min(c.rung, rungs - 1);
  }
  // Audio: the best rung that costs a small share of the video estimate.
  estimate_bps = video_estimate_bps_ ? video_estimate_bps_->load() : 0;
  size_t rung = rungs - 1;
  if (estimate_bps > 0) {
    rung = 0;
    for (size_t r = 0; r < rungs; ++r)
      if (static_cast<double>(stream_.representations[r].representation->bandwidth) <= kAudioShareOfEstimate * estimate_bps)
        rung = r;
  }
  reason = "audio: " + std::to_string(stream_.representations[rung].representation->bandwidth / 1000) +
           " kbit/s within " + std::to_string(int(kAudioShareOfEstimate * 100)) + "% of the estimate";
  return rung;
}

bool StreamLoader::wait_for_room(size_t index) {
  const double need = stream_.segment(0, index).duration_s();
  const uint64_t gen = core_.generation.load();
  std::unique_lock lock(core_.mutex);
  while (!core_.stop.load() && core_.generation.load() == gen &&
         core_.state.buffer_s(kind_) + need > options_.max_buffer_s + 1e-6 && !options_.fast) {
    core_.changed.wait_for(lock, std::chrono::milliseconds(50));
  }
  return !core_.stop.load() && core_.generation.load() == gen;
}

std::optional<StreamLoader::Download> StreamLoader::fetch_with_retries(const media::MediaLocation& loc, size_t rung,
                                                                        size_t index, bool allow_abandon,
                                                                        std::optional<size_t>& abandon_to) {
  const auto& rep = stream_.representations[rung];
  const size_t bases = rep.base_urls.size();
  const int min_attempts = options_.retry.max_attempts + static_cast<int>(bases) - 1;
  const double first_try_s = core_.now_s();
  const uint64_t gen = core_.generation.load();
  size_t base = core_.base_urls.choose(core_.now_s()) % bases;

  // Known size of the whole segment, for abandonment when the server sends no length.
  std::optional<double> known_size;
  if (!stream_.metadata.empty() && stream_.metadata[rung].size() > index && stream_.metadata[rung][index])
    known_size = static_cast<double>(stream_.metadata[rung][index]->size_bytes);

  // The algorithm's view of this segment, for its abandonment question.
  AbandonQuery query;
  if (allow_abandon && chooser_ != nullptr) {
    query.context = choice_input(index);
    query.rung = rung;
  }

  for (int attempt = 0;; ++attempt) {
    FetchRequest req;
    req.url = rep.url_for(loc, base);
    req.range = loc.range;
    req.timeout_ms = options_.request_timeout_ms;
    double first_byte_ms = -1;
    double last_asked_ms = -1;
    req.on_progress = [&](uint64_t received, std::optional<uint64_t> total, double elapsed_ms) {
      if (core_.stop.load() || core_.generation.load() != gen) return false;
      if (first_byte_ms < 0) first_byte_ms = elapsed_ms;
      if (!allow_abandon || rung == 0 || elapsed_ms < kAbandonMinElapsedMs || received == 0) return true;
      std::optional<double> whole = total ? std::optional<double>(double(*total)) : known_size;
      if (!whole) return true;
      double buffer;
      bool playing;
      {
        std::scoped_lock lock(core_.mutex);
        buffer = core_.state.buffer_s(kind_);
        playing = core_.state.state() == PlayState::kPlaying;
      }
      // The algorithm decides first (a few times a second, not per packet).
      if (chooser_ != nullptr && elapsed_ms - last_asked_ms >= kAbandonQueryIntervalMs) {
        last_asked_ms = elapsed_ms;
        query.context.buffer_s = buffer;
        query.context.playing = playing;
        query.size_bytes = *whole;
        query.received_bytes = double(received);
        query.elapsed_s = elapsed_ms / 1000;
        query.ttfb_s = first_byte_ms / 1000;
        if (auto lower = chooser_->should_abandon(query)) {
          abandon_to = *lower;
          return false;
        }
      }
      // Then the safety net for every algorithm: it will stall, and a lower
      // rung would finish in time.
      double rate_bps = bits(double(received)) / (elapsed_ms / 1000);
      double remaining_s = bits(*whole - double(received)) / rate_bps;
      if (!playing || remaining_s <= buffer) return true;
      // It will stall: is there a lower rung that would finish in time?
      for (size_t r = rung; r-- > 0;) {
        double size = !stream_.metadata.empty() && stream_.metadata[r].size() > index && stream_.metadata[r][index]
                          ? double(stream_.metadata[r][index]->size_bytes)
                          : double(stream_.representations[r].representation->bandwidth) *
                                stream_.segment(r, index).duration_s() / 8;
        if (bits(size) / rate_bps < kAbandonBufferShare * buffer || r == 0) {
          abandon_to = r;
          return false;
        }
      }
      return true;
    };
    auto res = fetcher_->fetch(req);
    if (res.ok()) {
      double throughput = res->total_ms() > 0 ? bits(double(res->body.size())) / (res->total_ms() / 1000) : 0;
      core_.base_urls.report_success(base, throughput);
      return Download{std::move(res).value(), base};
    }
    if (res.error().code == media::ErrorCode::kCancelled) {
      if (abandon_to) {
        log_event("abandon", {{"index", index}, {"from_rung", rung}, {"to_rung", *abandon_to}});
      }
      return std::nullopt;
    }
    if (core_.stop.load() || core_.generation.load() != gen) return std::nullopt;
    core_.base_urls.report_failure(base, core_.now_s());
    size_t next = bases > 1 ? core_.base_urls.next_after(base, core_.now_s()) % bases : base;
    double delay_ms = options_.retry.delay_ms(attempt + 1, rng_);
    if (options_.retry.another_try(attempt + 1, min_attempts, (core_.now_s() - first_try_s) * 1000)) {
      // The first switch to another BaseURL needs no wait; once every one has
      // failed for this segment, back off between tries.
      const bool fresh_failover = next != base && attempt + 1 < static_cast<int>(bases);
      log_event(next != base ? "failover" : "retry",
                {{"index", index}, {"attempt", attempt + 1}, {"error", res.error().message},
                 {"url", req.url}, {"next_url", rep.url_for(loc, next)},
                 {"delay_ms", fresh_failover ? 0.0 : delay_ms}});
      if (!fresh_failover) core_.sleep_for(delay_ms / 1000);
    } else {
      log_event("error", {{"index", index}, {"error", res.error().message}, {"url", req.url}});
      return std::nullopt;
    }
    base = next;
  }
}

std::shared_ptr<const std::string> StreamLoader::init_for(size_t rung) {
  auto it = init_cache_.find(rung);
  if (it != init_cache_.end()) return it->second;
  const auto& rep = stream_.representations[rung];
  if (!rep.initialization) {  // self-initialising segments
    auto empty = std::make_shared<const std::string>();
    init_cache_[rung] = empty;
    return empty;
  }
  std::optional<size_t> no_abandon;
  auto dl = fetch_with_retries(*rep.initialization, rung, 0, false, no_abandon);
  if (!dl) return nullptr;
  auto init = std::make_shared<const std::string>(std::move(dl->result.body));
  init_cache_[rung] = init;
  return init;
}

void StreamLoader::run() {
  const size_t count = stream_.segment_count();
  size_t index = 0;
  uint64_t gen = core_.generation.load();
  while (!core_.stop.load()) {
    if (core_.generation.load() != gen) {  // a seek: restart where it points
      std::scoped_lock lock(core_.mutex);
      gen = core_.generation.load();
      index = core_.seek_index[static_cast<size_t>(kind_)];
    }
    if (index >= count) {
      {
        std::scoped_lock lock(core_.mutex);
        core_.state.finish(kind_, core_.now_s());
      }
      core_.changed.notify_all();
      // Stay available for a seek backwards until the session stops.
      std::unique_lock lock(core_.mutex);
      core_.changed.wait_for(lock, std::chrono::milliseconds(100),
                             [&] { return core_.stop.load() || core_.generation.load() != gen; });
      if (core_.stop.load() || core_.state.ended()) return;
      continue;
    }
    if (!wait_for_room(index)) continue;

    std::string reason;
    double estimate = 0;
    size_t rung = choose_rung(index, reason, estimate);
    const double buffer_before = buffer_s();
    const double stall_before = [&] {
      std::scoped_lock lock(core_.mutex);
      return core_.state.total_stall_s(core_.now_s());
    }();
    const double started_s = core_.now_s();

    std::optional<Download> dl;
    std::shared_ptr<const std::string> init;
    for (int tries = 0; tries < 8 && !core_.stop.load() && core_.generation.load() == gen; ++tries) {
      init = init_for(rung);
      if (!init) break;
      std::optional<size_t> abandon_to;
      const bool allow_abandon = kind_ == StreamKind::kVideo && options_.abandonment && !options_.fast &&
                                 core_.pinned_rung.load() < 0;
      dl = fetch_with_retries(stream_.segment(rung, index).location, rung, index, allow_abandon, abandon_to);
      if (dl || !abandon_to) break;
      if (chooser_ != nullptr) {
        // Tell the algorithm what the aborted transfer showed before refetching lower.
        chooser_->observe({rung, 0, 0, (core_.now_s() - started_s), buffer_s(), true});
      }
      rung = *abandon_to;
      reason = "abandoned a higher rung";
    }
    if (core_.stop.load()) return;
    if (core_.generation.load() != gen) continue;

    const media::SegmentRef& seg = stream_.segment(rung, index);
    SegmentRecord rec;
    rec.stream = name();
    rec.index = index;
    rec.rung = rung;
    rec.representation = stream_.representations[rung].representation->id;
    rec.bitrate_bps = double(stream_.representations[rung].representation->bandwidth);
    rec.buffer_before_s = buffer_before;
    rec.estimate_bps = estimate;
    rec.media_start_s = seg.start_s();
    rec.media_duration_s = seg.duration_s();
    rec.abr_reason = reason;

    if (dl && init) {
      rec.size_bytes = dl->result.body.size();
      rec.ttfb_ms = dl->result.ttfb_ms;
      rec.download_ms = dl->result.total_ms();
      rec.throughput_bps = rec.download_ms > 0 ? bits(double(rec.size_bytes)) / (rec.download_ms / 1000) : 0;
      if (out_ != nullptr) {
        DownloadedSegment d;
        d.index = index;
        d.representation = rec.representation;
        d.init = init;
        d.data = std::make_shared<const std::string>(std::move(dl->result.body));
        d.start_s = seg.start_s();
        d.end_s = seg.start_s() + seg.duration_s();
        d.pts_offset_s = seg.period_start_s;
        d.generation = gen;
        if (out_->push(std::move(d)) != media::QueueStatus::kOk) return;
      }
    } else {
      rec.skipped = true;
      log_event("skip", {{"index", index}, {"representation", rec.representation}});
    }
    {
      std::scoped_lock lock(core_.mutex);
      if (core_.generation.load() != gen) continue;
      core_.state.append(kind_, seg.start_s() + seg.duration_s(), core_.now_s());
      rec.buffer_after_s = core_.state.buffer_s(kind_);
      rec.rebuffer_s = core_.state.total_stall_s(core_.now_s()) - stall_before;
    }
    if (kind_ == StreamKind::kVideo) {
      std::scoped_lock lock(core_.mutex);
      const auto& common = stream_.representations[rung].common;
      core_.video_status = {rung, rec.representation, rec.bitrate_bps,
                            common.width && common.height
                                ? std::to_string(*common.width) + "x" + std::to_string(*common.height)
                                : std::string(),
                            reason, estimate};
    }
    core_.changed.notify_all();
    rec.wall_s = core_.now_s();
    if (chooser_ != nullptr && !rec.skipped) {
      chooser_->observe({rung, double(rec.size_bytes), rec.ttfb_ms / 1000, rec.download_ms / 1000,
                         rec.buffer_after_s, false, double(rec.size_bytes) >= kMinThroughputSampleBytes});
      if (video_estimate_bps_ != nullptr) video_estimate_bps_->store(chooser_->estimate_bps());
    }
    if (last_rung_ && *last_rung_ != rung)
      log_event("switch", {{"index", index}, {"from_rung", *last_rung_}, {"to_rung", rung},
                           {"representation", rec.representation}});
    last_rung_ = rung;
    core_.log.segment(rec);
    ++index;
  }
}

}  // namespace player
