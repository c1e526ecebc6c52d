#include "player/sim/player_model.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <sstream>

#include "player/net/http_fetcher.h"
#include "player/net/virtual_network.h"
#include "player/session/session.h"
#include "player/sim/session.h"

namespace sim {
namespace {

// Where the synthetic presentation pretends to live.
constexpr const char* kSyntheticMpdUrl = "http://sim.invalid/video/manifest.mpd";
// A session needing more than this many times the video's duration (plus an
// hour) is cut off: the trace is (nearly) dead.
constexpr double kMaxSessionFactor = 1000;

std::string synthetic_mpd(const VideoModel& video) {
  const auto duration_ms = static_cast<long long>(video.segment_duration_s * 1000 + 0.5);
  const double total_s = video.segment_duration_s * static_cast<double>(video.segment_count);
  std::ostringstream m;
  m << "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\""
    << " minBufferTime=\"PT2S\" mediaPresentationDuration=\"PT" << total_s << "S\"><Period id=\"0\" start=\"PT0S\">"
    << "<AdaptationSet contentType=\"video\" mimeType=\"video/mp4\" codecs=\"avc1.64001f\">"
    << "<SegmentTemplate timescale=\"1000\" duration=\"" << duration_ms
    << "\" startNumber=\"0\" media=\"$RepresentationID$/$Number$.m4s\"/>";
  for (size_t r = 0; r < video.rungs(); ++r) {
    m << "<Representation id=\"r" << r << "\" bandwidth=\"" << static_cast<long long>(video.bitrates_bps[r]) << "\"";
    if (r < video.resolutions.size() && video.resolutions[r].width > 0)
      m << " width=\"" << video.resolutions[r].width << "\" height=\"" << video.resolutions[r].height << "\"";
    m << "/>";
  }
  m << "</AdaptationSet></Period></MPD>";
  return m.str();
}

void add_files(const player::StreamInfo& stream, std::unordered_map<std::string, uint64_t>& sizes) {
  auto add = [&](const std::string& url) {
    if (sizes.count(url)) return;
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(url, ec);
    if (!ec) sizes[url] = bytes;
  };
  for (const auto& rep : stream.representations) {
    if (rep.initialization) add(rep.initialization->url);
    for (const auto& seg : rep.segments) add(seg.location.url);
  }
}

}  // namespace

media::Result<std::shared_ptr<const PlayerContent>> player_content(const VideoModel& video) {
  if (video.rungs() == 0 || video.segment_count == 0 || video.rows() < video.segment_count)
    return media::make_error(media::ErrorCode::kInvalidArgument, "video has no segments to play");
  player::FileFetcher no_fetches;  // a template presentation needs no index fetches
  auto built = player::build_presentation(no_fetches, synthetic_mpd(video), kSyntheticMpdUrl, {});
  if (!built.ok()) return built.error().with_context("player model of " + video.name);
  auto p = std::make_shared<player::Presentation>(std::move(built).value());
  player::StreamInfo* first = p->stream(player::StreamKind::kVideo);
  if (first == nullptr || first->representations.size() != video.rungs() ||
      first->segment_count() != video.segment_count)
    return media::make_error(media::ErrorCode::kInternal, "player model of " + video.name + ": ladder mismatch");
  player::StreamInfo& s = *first;
  player::build_rate_tables(s);
  const size_t rungs = video.rungs();
  s.sizes_bytes.assign(video.sizes_bytes.begin(), video.sizes_bytes.begin() + static_cast<long>(video.segment_count * rungs));
  if (video.has_quality())
    s.quality_db.assign(video.quality_db.begin(), video.quality_db.begin() + static_cast<long>(video.segment_count * rungs));
  auto content = std::make_shared<PlayerContent>();
  for (size_t r = 0; r < rungs; ++r)
    for (size_t k = 0; k < video.segment_count; ++k)
      content->url_sizes[s.segment(r, k).location.url] = static_cast<uint64_t>(video.size_bytes(k, r) + 0.5);
  content->presentation = std::move(p);
  return std::shared_ptr<const PlayerContent>(std::move(content));
}

media::Result<std::shared_ptr<const PlayerContent>> player_content(const std::filesystem::path& mpd_path) {
  std::filesystem::path mpd = mpd_path;
  if (std::filesystem::is_directory(mpd)) {
    std::filesystem::path found;
    for (const auto& entry : std::filesystem::directory_iterator(mpd))
      if (entry.path().extension() == ".mpd") found = entry.path();
    if (found.empty()) return media::make_error(media::ErrorCode::kNotFound, mpd.string() + ": no .mpd file");
    mpd = found;
  }
  player::FileFetcher files;
  auto loaded = player::load_presentation(files, mpd.string(), {});
  if (!loaded.ok()) return loaded.error();
  if (!loaded->stream(player::StreamKind::kVideo)) return media::make_error(media::ErrorCode::kUnsupported, mpd.string() + ": no video to adapt");
  auto content = std::make_shared<PlayerContent>();
  for (const auto* s : {loaded->stream(player::StreamKind::kVideo), loaded->stream(player::StreamKind::kAudio)})
    if (s != nullptr) add_files(*s, content->url_sizes);
  content->presentation = std::make_shared<const player::Presentation>(std::move(loaded).value());
  return std::shared_ptr<const PlayerContent>(std::move(content));
}

player::SessionOptions player_session_options(const PlayerContent& content, const PlayerModelOptions& options) {
  const player::Presentation& presentation = *content.presentation;
  player::SessionOptions so;
  so.url = presentation.mpd_url;
  so.max_buffer_s =
      std::max(options.buffer_cap_s, presentation.stream(player::StreamKind::kVideo)->segment(0, 0).duration_s());
  so.startup_target_s = options.startup_target_s;
  so.rebuffer_target_s = options.rebuffer_target_s;
  so.decode = false;
  so.keep_events = false;
  so.kept_records = std::numeric_limits<size_t>::max();  // the bench reads every segment record back
  so.session_id = "sim";
  so.stop_after_s = kMaxSessionFactor * presentation.duration_s + 3600;
  return so;
}

media::Status check_played(const PlayerContent& content, const player::SessionSummary& summary,
                           const player::SessionOptions& so) {
  if (summary.played_s + 1e-6 >= content.presentation->duration_s || summary.wall_s < so.stop_after_s) return {};
  return media::make_error(media::ErrorCode::kInvalidArgument,
                           "the trace is too slow: the session did not end within " +
                               std::to_string(static_cast<long long>(so.stop_after_s)) + " s");
}

void collect_video_chunks(const player::EventLog& log, SessionResult& out) {
  out.clear();
  for (const auto& rec : log.segments()) {
    if (rec.stream != "video") continue;
    ChunkRecord c;
    c.rung = static_cast<uint32_t>(rec.rung);
    c.abandoned = static_cast<uint32_t>(rec.abandoned);
    c.size_bytes = static_cast<double>(rec.size_bytes);
    c.request_s = rec.request_s;
    c.delay_s = rec.wall_s - rec.request_s;
    c.transfer_s = std::max(0.0, (rec.download_ms - rec.ttfb_ms) / 1000);
    c.rebuffer_s = rec.rebuffer_s;
    c.wait_s = rec.wait_s;
    c.buffer_s = rec.buffer_after_s;
    c.estimate_bps = rec.estimate_bps;
    c.reason = rec.abr_reason;
    out.chunks.push_back(c);
    out.wasted_bytes += rec.abandoned_bytes;
  }
}

media::Status run_player_session(const PlayerContent& content, std::span<const media::TracePeriod> periods,
                                 std::unique_ptr<abr::AbrAlgorithm> algorithm, const PlayerModelOptions& options,
                                 SessionResult& out) {
  out.clear();
  DS_RETURN_IF_ERROR(check_trace(periods));
  media::ManualClock clock;
  player::SizeTableContent sizes(content.url_sizes);
  const player::SessionOptions so = player_session_options(content, options);
  player::SessionEnvironment env;
  env.clock = &clock;
  env.presentation = content.presentation;
  env.seed = options.seed;
  env.algorithm = std::move(algorithm);
  const player::VirtualNetworkOptions net{options.latency_scale, options.progress_interval_s};
  env.network = [&](player::EventLoop& loop) {
    return std::make_unique<player::VirtualNetwork>(loop, periods, sizes, net);
  };
  player::Session session(so, nullptr, std::move(env));
  auto summary = session.run();
  if (!summary.ok()) return summary.error();
  DS_RETURN_IF_ERROR(check_played(content, summary.value(), so));
  collect_video_chunks(session.log(), out);
  return {};
}

}  // namespace sim
