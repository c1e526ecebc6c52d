// Runs the real player::Session in virtual time for tests: a small synthetic
// presentation (video ladder, optional audio, one or two BaseURLs) whose
// segments the network answers with sizes only, a trace-driven
// VirtualNetwork, and a script of faults. A session of minutes runs in
// milliseconds and always the same way.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "media/clock.h"
#include "player/net/http_fetcher.h"
#include "player/net/virtual_network.h"
#include "player/session/session.h"

namespace player::testing {

struct PresentationSpec {
  std::vector<double> video_bps = {300e3, 750e3, 1200e3, 1850e3, 2850e3, 4300e3};
  std::vector<double> audio_bps;  // empty: no audio
  size_t segments = 10;
  double segment_s = 4;
  std::vector<std::string> base_urls = {"http://a.test/p/"};
  std::vector<std::string> pathways;  // BaseURL@serviceLocation of each base URL (empty: none)
  std::string steering_url;           // <ContentSteering> server URL (empty: no steering)
  std::string default_pathway;        // its @defaultServiceLocation
  bool query_before_start = false;    // its @queryBeforeStart
};

struct TestContent {
  std::shared_ptr<const Presentation> presentation;
  std::unordered_map<std::string, uint64_t> sizes;  // URL → bytes (bitrate × duration)
};

// Content for any MPD text (every Period, every video set and track): the
// network answers each URL with its nominal size (bitrate × duration).
inline TestContent content_of(const std::string& mpd_text) {
  FileFetcher unused;
  auto p = build_presentation(unused, mpd_text, "http://a.test/p/manifest.mpd", {});
  if (!p.ok()) throw std::runtime_error(p.error().message);
  TestContent c;
  auto add = [&](StreamInfo& s) {
    build_rate_tables(s);
    for (size_t r = 0; r < s.representations.size(); ++r) {
      const auto& rep = s.representations[r];
      for (size_t b = 0; b < rep.base_urls.size(); ++b) {
        if (rep.initialization) c.sizes[rep.url_for(*rep.initialization, b)] = 800;
        for (size_t k = 0; k < rep.segments.size(); ++k)
          c.sizes[rep.url_for(rep.segments[k].location, b)] = static_cast<uint64_t>(s.size_bytes(r, k));
      }
    }
  };
  for (auto& period : p->periods) {
    if (period.video) add(*period.video);
    for (auto* list : {&period.other_video, &period.audio, &period.text})
      for (auto& s : *list) add(s);
  }
  c.presentation = std::make_shared<const Presentation>(std::move(p).value());
  return c;
}

inline TestContent make_content(const PresentationSpec& spec) {
  std::ostringstream m;
  const double total_s = spec.segment_s * static_cast<double>(spec.segments);
  m << "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\""
    << " minBufferTime=\"PT2S\" mediaPresentationDuration=\"PT" << total_s << "S\">";
  for (size_t b = 0; b < spec.base_urls.size(); ++b) {
    m << "<BaseURL";
    if (b < spec.pathways.size()) m << " serviceLocation=\"" << spec.pathways[b] << "\"";
    m << ">" << spec.base_urls[b] << "</BaseURL>";
  }
  if (!spec.steering_url.empty())
    m << "<ContentSteering defaultServiceLocation=\"" << spec.default_pathway << "\" queryBeforeStart=\""
      << (spec.query_before_start ? "true" : "false") << "\">" << spec.steering_url << "</ContentSteering>";
  m << "<Period id=\"0\" start=\"PT0S\">";
  auto set = [&](const char* type, const char* codecs, const std::vector<double>& ladder, const char* prefix) {
    m << "<AdaptationSet contentType=\"" << type << "\" mimeType=\"" << type << "/mp4\" codecs=\"" << codecs << "\">"
      << "<SegmentTemplate timescale=\"1000\" duration=\"" << static_cast<long long>(spec.segment_s * 1000)
      << "\" startNumber=\"1\" initialization=\"$RepresentationID$/init.mp4\" media=\"$RepresentationID$/$Number$.m4s\"/>";
    for (size_t r = 0; r < ladder.size(); ++r)
      m << "<Representation id=\"" << prefix << r << "\" bandwidth=\"" << static_cast<long long>(ladder[r]) << "\"/>";
    m << "</AdaptationSet>";
  };
  set("video", "avc1.64001f", spec.video_bps, "v");
  if (!spec.audio_bps.empty()) set("audio", "mp4a.40.2", spec.audio_bps, "a");
  m << "</Period></MPD>";
  return content_of(m.str());
}

// Answers from the size table unless the script says otherwise for a URL;
// records every request.
class ScriptedContent final : public ContentSource {
 public:
  // (request, how many times this URL was asked before) → a response, or nullopt for the normal one.
  using Script = std::function<std::optional<VirtualResponse>(const FetchRequest&, int)>;
  ScriptedContent(const std::unordered_map<std::string, uint64_t>& sizes, Script script)
      : table_(sizes), script_(std::move(script)) {}

  VirtualResponse respond(const FetchRequest& request) override {
    requests.push_back(request.url);
    const int before = asked_[request.url]++;
    if (script_)
      if (auto r = script_(request, before)) return *r;
    return table_.respond(request);
  }
  std::vector<std::string> requests;

 private:
  SizeTableContent table_;
  Script script_;
  std::map<std::string, int> asked_;
};

// One session in virtual time. Configure, then run().
struct VirtualPlayer {
  explicit VirtualPlayer(PresentationSpec spec = {}) : VirtualPlayer(make_content(spec)) {}
  explicit VirtualPlayer(TestContent c) : content(std::move(c)) {
    options.url = "http://a.test/p/manifest.mpd";
    options.decode = false;
    options.max_buffer_s = 20;
  }

  // A constant link (`rate_bps`, `latency_ms` per request) unless set otherwise.
  std::vector<media::TracePeriod> trace = {{1000, 5e6, 20}};
  TestContent content;
  ScriptedContent::Script script;
  SessionOptions options;
  std::unique_ptr<abr::AbrAlgorithm> algorithm;                 // instead of options.abr
  std::vector<std::pair<double, std::function<void(Session&)>>> actions;  // at session times
  uint64_t seed = 7;

  media::ManualClock clock;
  std::unique_ptr<ScriptedContent> scripted;
  std::unique_ptr<Session> session;

  media::Result<SessionSummary> run() {
    scripted = std::make_unique<ScriptedContent>(content.sizes, script);
    SessionEnvironment env;
    env.clock = &clock;
    env.presentation = content.presentation;
    env.seed = seed;
    env.algorithm = std::move(algorithm);
    env.network = [this](EventLoop& loop) {
      return std::make_unique<VirtualNetwork>(loop, trace, *scripted, VirtualNetworkOptions{1, 0.1});
    };
    session = std::make_unique<Session>(options, nullptr, std::move(env));
    for (auto& [t_s, action] : actions) session->at(t_s, [this, a = action] { a(*session); });
    return session->run();
  }

  std::vector<SegmentRecord> segments(const std::string& stream = "video") const {
    std::vector<SegmentRecord> out;
    for (const auto& r : session->log().segments())
      if (r.stream == stream) out.push_back(r);
    return out;
  }
  std::vector<nlohmann::json> events(const std::string& name) const {
    std::vector<nlohmann::json> out;
    for (const auto& e : session->log().events())
      if (e.value("event", "") == name) out.push_back(e);
    return out;
  }
};

}  // namespace player::testing
