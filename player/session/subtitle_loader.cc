#include "player/session/subtitle_loader.h"

#include <cmath>

#include "player/text/stpp_cues.h"
#include "player/text/ttml_cues.h"
#include "player/text/webvtt_cues.h"
#include "player/text/wvtt_cues.h"

namespace player {
namespace {

bool segmented(TextFormat format) { return format == TextFormat::kWvtt || format == TextFormat::kStpp; }

}  // namespace

SubtitleLoader::SubtitleLoader(const Presentation& presentation, TextTrackChooser track, SessionCore& core,
                               EventLog& log, EventLoop& loop, std::unique_ptr<Transport> channel,
                               const BaseUrlSelector& base_urls, text::CueStore& cues, SubtitleLoaderOptions options,
                               std::function<void()> on_cues)
    : presentation_(presentation),
      track_(std::move(track)),
      core_(core),
      log_(log),
      loop_(loop),
      channel_(std::move(channel)),
      base_urls_(base_urls),
      cues_(cues),
      options_(options),
      on_cues_(std::move(on_cues)) {}

SubtitleLoader::~SubtitleLoader() { stop(); }

void SubtitleLoader::stop() {
  loop_.cancel(timer_);
  if (channel_) channel_->cancel();
  phase_ = Phase::kIdle;
}

void SubtitleLoader::start(size_t period, size_t index) {
  stop();
  enter_period(period);
  index_ = index;
  next();
}

void SubtitleLoader::wake() {
  if (phase_ == Phase::kWaiting) next();
}

void SubtitleLoader::enter_period(size_t period) {
  period_ = period;
  stream_ = period < presentation_.periods.size() ? track_(period) : nullptr;
  index_ = 0;
  timing_.reset();
}

void SubtitleLoader::next() {
  if (core_.stopped()) return;
  while (stream_ == nullptr || index_ >= stream_->segment_count()) {
    if (period_ + 1 >= presentation_.periods.size()) {
      phase_ = Phase::kFinished;
      return;
    }
    enter_period(period_ + 1);
  }
  const media::SegmentRef& seg = stream_->segment(0, index_);
  if (seg.start_s() > core_.position_s() + options_.lead_s) {
    phase_ = Phase::kWaiting;
    return;
  }
  const TextFormat format = stream_->text_format.value_or(TextFormat::kWebVtt);
  const auto& rep = stream_->representations.front();
  if (segmented(format) && !timing_) {
    if (!rep.initialization) {
      fail(media::make_error(media::ErrorCode::kParse, "subtitle track '" + stream_->label() + "' has no init segment"));
      index_ = stream_->segment_count();  // nothing of this Period's track can be read
      timer_ = loop_.after(0, [this] {
        timer_ = 0;
        next();
      });
      return;
    }
    fetch(*rep.initialization, true);
    return;
  }
  fetch(seg.location, false);
}

void SubtitleLoader::fetch(const media::MediaLocation& location, bool init) {
  const auto& rep = stream_->representations.front();
  FetchRequest req;
  const size_t base = std::min(base_urls_.choose(core_.now_s()), rep.base_urls.size() - 1);
  req.url = rep.url_for(location, base);
  req.range = location.range;
  req.timeout_ms = options_.request_timeout_ms;
  if (options_.cmcd != CmcdMode::kOff) apply_cmcd(options_.cmcd, cmcd_for(req.url, base, init), req);
  TransferHandlers handlers;
  handlers.on_done = [this, init](media::Result<FetchResult> r) { on_done(std::move(r), init); };
  phase_ = Phase::kFetching;
  channel_->start(req, std::move(handlers));
}

CmcdRequest SubtitleLoader::cmcd_for(const std::string& url, size_t base, bool init) const {
  const auto& rep = stream_->representations.front();
  CmcdRequest c;
  c.sid = options_.session_id;
  c.cid = options_.content_id;
  c.ot = init ? "i" : "c";
  c.br_kbps = c.tb_kbps = static_cast<double>(rep.representation->bandwidth) / 1000;
  c.pr = core_.rate();
  if (init) return c;
  c.d_ms = stream_->segment(0, index_).duration_s() * 1000;
  if (index_ + 1 < stream_->segment_count())
    c.nor = relative_url(url, rep.url_for(stream_->segment(0, index_ + 1).location, base));
  return c;
}

media::Result<std::vector<text::TextCue>> SubtitleLoader::cues_of(const std::string& body) const {
  switch (stream_->text_format.value_or(TextFormat::kWebVtt)) {
    case TextFormat::kWebVtt: return text::parse_webvtt_cues(body);
    case TextFormat::kTtml: return text::parse_ttml_cues(body);
    case TextFormat::kWvtt: return text::wvtt_segment_cues(media::bytes_of(body), timing_->timescale, timing_->defaults);
    case TextFormat::kStpp: return text::stpp_segment_cues(media::bytes_of(body), timing_->timescale, timing_->defaults);
  }
  return std::vector<text::TextCue>{};
}

void SubtitleLoader::on_done(media::Result<FetchResult> result, bool init) {
  phase_ = Phase::kIdle;
  if (core_.stopped()) return;
  if (index_ >= stream_->segment_count()) {
    // A live refresh ended the Period before this segment (@endNumber): on to the next.
    next();
    return;
  }
  const media::SegmentRef& seg = stream_->segment(0, index_);
  if (!result.ok()) {
    fail(result.error().with_context(init ? "subtitle init segment" : "subtitle segment " + std::to_string(index_)));
    if (init) index_ = stream_->segment_count();  // without it no segment of this Period's track can be read
  } else if (result->body.empty()) {
    // A virtual network sends sizes, not bytes: nothing to show.
    if (init) timing_ = TrackTiming{1, std::nullopt};
  } else if (init) {
    auto info = media::parse_init_segment(media::bytes_of(result->body));
    if (info.ok() && info->timescale > 0) {
      timing_ = TrackTiming{info->timescale, info->defaults};
    } else {
      fail((info.ok() ? media::make_error(media::ErrorCode::kParse, "timescale 0") : info.error())
               .with_context("subtitle init segment"));
      index_ = stream_->segment_count();
    }
  } else if (auto cues = cues_of(result->body); !cues.ok()) {
    fail(cues.error().with_context("subtitle segment " + std::to_string(index_)));
  } else {
    // Track time → presentation time: the Period start minus presentationTimeOffset.
    const double offset_s = seg.period_start_s - double(seg.presentation_time_offset) / double(seg.timescale);
    const int64_t offset_ms = std::llround(offset_s * 1000);
    for (auto& c : *cues) {
      c.start_ms += offset_ms;
      c.end_ms += offset_ms;
    }
    cues_.add(*cues, std::llround(core_.position_s() * 1000));
    log_.event(core_.now_s(), "subtitle_segment",
               {{"period", period_}, {"index", index_}, {"cues", cues->size()}, {"track", stream_->label()}});
    if (on_cues_) on_cues_();
  }
  if (!init && index_ < stream_->segment_count()) ++index_;
  // From a timer: a whole run of small segments is not one deep recursion.
  timer_ = loop_.after(0, [this] {
    timer_ = 0;
    next();
  });
}

void SubtitleLoader::fail(const media::Error& error) {
  ++failures_;
  if (failed_once_) return;
  failed_once_ = true;
  log_.event(core_.now_s(), "subtitle_error",
             {{"error", error.message}, {"note", "subtitles go on with the next segment; later failures are not logged"}});
}

}  // namespace player
