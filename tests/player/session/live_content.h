// A live presentation as the packager and origin would serve it, on a
// virtual clock: segment n (from 1) of D seconds is complete, and served, at
// availabilityStartTime + n·D; the MPD lists the complete segments of the
// time-shift window (SegmentTimeline) or a $Number$ template; /_time answers
// the server's wall clock. Requests for segments not yet available get 404
// and are recorded, so a test can check the player never asked too early.
// With an outage the input goes away and comes back as the packager's does:
// a second Period starts when it returns, its segments numbered on; the
// final static MPD then replays both Periods back to back.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "media/clock.h"
#include "media/mpd/date_time.h"
#include "player/net/fetcher.h"
#include "player/net/virtual_network.h"

namespace player::testing {

struct LiveSpec {
  double epoch_unix_s = 1'700'000'000;  // server wall clock at virtual time 0
  double running_s = 60;                // the stream started this long before virtual time 0
  double segment_s = 1;
  std::vector<double> video_bps = {400e3, 1200e3, 2500e3};
  double window_s = 30;                 // timeShiftBufferDepth
  double target_latency_s = 3;          // ServiceDescription Latency@target (0: none)
  double update_period_s = 1;           // minimumUpdatePeriod
  bool timeline = true;                 // SegmentTimeline, else $Number$ + @duration
  double chunked_s = 0;                 // availabilityTimeOffset: a segment is served (growing) this early
  double origin_lag_s = 0;              // the origin has each segment this much after its availability time
  std::optional<double> ends_at_s;      // virtual time the packager stops: the MPD turns static
  // Virtual times [from, to) the input is away: Period "p1" starts at
  // presentation time running_s + to (listed once its first segment is complete).
  struct Outage {
    double from_s = 0;
    double to_s = 0;
  };
  std::optional<Outage> outage;
  // SegmentTimeline: MPDs served before this virtual time list no segment
  // for the top rung yet, as FFmpeg's first MPDs may for a stream.
  double top_rung_listed_from_s = 0;
  bool end_number = true;  // $Number$ with an outage: see mpd_text()
  std::string base = "http://live.test/p/";
};

class LiveContent final : public ContentSource {
 public:
  LiveContent(LiveSpec spec, const media::Clock& clock) : spec_(std::move(spec)), clock_(clock) {}

  std::string mpd_url() const { return spec_.base + "manifest.mpd"; }
  double ast_unix_s() const { return spec_.epoch_unix_s - spec_.running_s; }
  double wall_s() const { return spec_.epoch_unix_s + clock_.now_s(); }
  // Virtual time now, frozen once the stream ended.
  double produced_until_s() const { return spec_.ends_at_s ? std::min(clock_.now_s(), *spec_.ends_at_s) : clock_.now_s(); }
  // Segments of the first Period complete by now (numbers 1..n), frozen once
  // the stream ended or the input went away.
  uint64_t complete() const {
    double t = produced_until_s();
    if (spec_.outage) t = std::min(t, spec_.outage->from_s);
    return static_cast<uint64_t>(std::floor((spec_.running_s + t) / spec_.segment_s + 1e-9));
  }
  // The second Period (after an outage): its start and its complete segments
  // (numbers complete() + 1 ... on).
  double second_period_start_s() const { return spec_.outage ? spec_.running_s + spec_.outage->to_s : 0; }
  uint64_t complete_in_second() const {
    if (!spec_.outage || produced_until_s() < spec_.outage->to_s) return 0;
    return static_cast<uint64_t>(std::floor((produced_until_s() - spec_.outage->to_s) / spec_.segment_s + 1e-9));
  }
  bool ended() const { return spec_.ends_at_s && clock_.now_s() >= *spec_.ends_at_s; }

  std::string mpd_text() const {
    const uint64_t last = complete();
    const uint64_t in_window = static_cast<uint64_t>(spec_.window_s / spec_.segment_s);
    // Of each Period, the segments of the window (counted from the newest).
    const uint64_t second = complete_in_second();
    const uint64_t edge_segments = last + second;
    const uint64_t oldest = edge_segments > in_window ? edge_segments - in_window + 1 : 1;  // 1-based over both
    std::ostringstream m;
    m << "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\""
      << " minBufferTime=\"PT1S\"";
    if (ended()) {
      const double total_s = static_cast<double>(spec_.outage ? last + second - oldest + 1 : last) * spec_.segment_s;
      m << " type=\"static\" mediaPresentationDuration=\"PT" << total_s << "S\">";
    } else {
      m << " type=\"dynamic\" availabilityStartTime=\"" << media::format_xs_datetime(ast_unix_s()) << "\""
        << " publishTime=\"" << media::format_xs_datetime(wall_s()) << "\""
        << " minimumUpdatePeriod=\"PT" << spec_.update_period_s << "S\" timeShiftBufferDepth=\"PT" << spec_.window_s
        << "S\">";
      if (spec_.target_latency_s > 0)
        m << "<ServiceDescription id=\"0\"><Latency target=\"" << std::llround(spec_.target_latency_s * 1000)
          << "\"/><PlaybackRate min=\"0.95\" max=\"1.1\"/></ServiceDescription>";
    }
    if (!spec_.outage) {
      period(m, "0", 0, 1, spec_.timeline ? oldest : 1, last, 0);
    } else if (!ended()) {
      // Live: each Period on the capture timeline, the outage between them.
      // $Number$: once the next Period is out, @endNumber closes this one (as
      // dash-package does), or its template would go on through the outage.
      if (oldest <= last) period(m, "p0", 0, 1, oldest, last, 0, second > 0 && !spec_.timeline && spec_.end_number);
      if (second > 0) period(m, "p1", second_period_start_s(), last + 1, std::max(oldest, last + 1), last + second, 0);
    } else {
      // Static: the packager's replay, the Periods back to back, each from its first kept segment.
      double start_s = 0;
      if (oldest <= last) {
        period(m, "p0", 0, 1, oldest, last, oldest - 1);
        start_s = static_cast<double>(last - oldest + 1) * spec_.segment_s;
      }
      const uint64_t first = std::max(oldest, last + 1);
      if (second > 0) period(m, "p1", start_s, last + 1, first, last + second, first - last - 1);
    }
    if (!ended())
      m << "<UTCTiming schemeIdUri=\"urn:mpeg:dash:utc:http-xsdate:2014\" value=\"http://live.test/_time\"/>";
    m << "</MPD>";
    return m.str();
  }

  VirtualResponse respond(const FetchRequest& request) override {
    requests.push_back(request.url);
    VirtualResponse r;
    auto text = [&](std::string body) {
      r.size_bytes = body.size();
      r.body = std::make_shared<const std::string>(std::move(body));
      return r;
    };
    if (request.url == mpd_url()) return text(mpd_text());
    if (request.url == "http://live.test/_time") return text(media::format_xs_datetime(wall_s()));
    if (request.url.rfind(spec_.base + "v", 0) != 0) {
      r.status = 404;
      return r;
    }
    const std::string rest = request.url.substr(spec_.base.size() + 1);  // "<rung>/<n>.m4s" or "<rung>/init.mp4"
    const size_t rung = std::stoul(rest);
    const std::string file = rest.substr(rest.find('/') + 1);
    if (rung >= spec_.video_bps.size()) {
      r.status = 404;
      return r;
    }
    if (file.rfind("init", 0) == 0) {
      r.size_bytes = 800;
      return r;
    }
    const uint64_t n = std::stoull(file);
    // Served from AST + its end − availabilityTimeOffset on (chunked, while it grows).
    const uint64_t first_period = complete();
    const bool in_second = spec_.outage && n > first_period;
    const double end_s = in_second ? second_period_start_s() + static_cast<double>(n - first_period) * spec_.segment_s
                                   : static_cast<double>(n) * spec_.segment_s;
    const double available_unix_s = ast_unix_s() + end_s - spec_.chunked_s + spec_.origin_lag_s;
    const bool after_end = ended() && n > first_period + complete_in_second();
    if (n == 0 || wall_s() < available_unix_s - 1e-9 || after_end) {
      too_early.push_back(request.url + " at " + std::to_string(clock_.now_s()));
      r.status = 404;
      return r;
    }
    r.size_bytes = static_cast<uint64_t>(spec_.video_bps[rung] * spec_.segment_s / 8);
    return r;
  }

  std::vector<std::string> requests;
  std::vector<std::string> too_early;  // segment requests answered 404 (not yet available)

 private:
  // A Period whose segments are numbered from `start_number` (media time 0)
  // and lists numbers first..last; `pto_segments`: presentationTimeOffset in segments.
  void period(std::ostringstream& m, const char* id, double start_s, uint64_t start_number, uint64_t first,
              uint64_t last, uint64_t pto_segments, bool end_number = false) const {
    const long long ts = 1000, d = std::llround(spec_.segment_s * 1000);
    m << "<Period id=\"" << id << "\" start=\"PT" << start_s << "S\"><AdaptationSet contentType=\"video\""
      << " mimeType=\"video/mp4\" codecs=\"avc1.64001f\" segmentAlignment=\"true\">";
    m << "<SegmentTemplate timescale=\"" << ts << "\" initialization=\"$RepresentationID$/init-" << id << ".mp4\""
      << " media=\"$RepresentationID$/$Number$.m4s\" startNumber=\"" << (spec_.timeline ? first : start_number) << "\"";
    if (pto_segments > 0) m << " presentationTimeOffset=\"" << static_cast<long long>(pto_segments) * d << "\"";
    if (end_number) m << " endNumber=\"" << last << "\"";
    if (spec_.chunked_s > 0)
      m << " availabilityTimeOffset=\"" << spec_.chunked_s << "\" availabilityTimeComplete=\"false\"";
    if (spec_.timeline) {
      m << "><SegmentTimeline><S t=\"" << static_cast<long long>(first - start_number) * d << "\" d=\"" << d
        << "\" r=\"" << static_cast<long long>(last - first) << "\"/></SegmentTimeline></SegmentTemplate>";
    } else {
      m << " duration=\"" << d << "\"/>";
    }
    for (size_t r = 0; r < spec_.video_bps.size(); ++r) {
      m << "<Representation id=\"v" << r << "\" bandwidth=\"" << std::llround(spec_.video_bps[r]) << "\"";
      const bool unlisted = spec_.timeline && r + 1 == spec_.video_bps.size() && clock_.now_s() < spec_.top_rung_listed_from_s;
      m << (unlisted ? "><SegmentTemplate><SegmentTimeline/></SegmentTemplate></Representation>" : "/>");
    }
    m << "</AdaptationSet></Period>";
  }

  LiveSpec spec_;
  const media::Clock& clock_;
};

// The session's MPD loader over the same content (no network time: the
// first MPD arrives at virtual time 0).
class ContentFetcher final : public Fetcher {
 public:
  explicit ContentFetcher(ContentSource& content) : content_(content) {}
  media::Result<FetchResult> fetch(const FetchRequest& request) override {
    VirtualResponse r = content_.respond(request);
    if (r.status >= 400)
      return media::make_error(media::ErrorCode::kNotFound, "GET " + request.url + ": HTTP " + std::to_string(r.status));
    FetchResult out;
    out.body = r.body ? *r.body : std::string();
    out.size_bytes = r.size_bytes;
    return out;
  }

 private:
  ContentSource& content_;
};

}  // namespace player::testing
