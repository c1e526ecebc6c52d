#include "packager/options.h"

#include <algorithm>
#include <cmath>

#include "media/text.h"
#include "packager/pathways.h"

namespace packager {
namespace {

media::Error invalid_option(std::string message) {
  return media::make_error(media::ErrorCode::kInvalidArgument, std::move(message));
}

// The release options a live run does not support yet: one clear line each
// rather than an option silently ignored.
media::Status check_live_combinations(const PackageOptions& o) {
  for (VideoCodec c : o.codecs)
    if (c != VideoCodec::kH264)
      return invalid_option("--live encodes H.264 only (x264's low-delay settings), not --codec " + std::string(codec_name(c)));
  if (o.hls) return invalid_option("--live writes a dynamic MPD, no HLS playlists: drop --hls");
  if (o.encryption) return invalid_option("--live does not encrypt yet: drop --encrypt");
  if (!o.subtitle_files.empty() || (o.subtitle_streams && !o.subtitle_streams->empty()))
    return invalid_option("--live has no text tracks: drop --subtitles and --subtitle-streams");
  if (o.quality_display) return invalid_option("--live reports the encoder's quality only: drop --quality display");
  return {};
}

}  // namespace

media::Result<std::pair<uint32_t, uint32_t>> parse_size(std::string_view text) {
  auto x = text.find('x');
  if (x != std::string_view::npos) {
    auto w = media::parse_uint64(text.substr(0, x));
    auto h = media::parse_uint64(text.substr(x + 1));
    if (w && h && *w >= kMinDimension && *h >= kMinDimension && *w <= kMaxDimension && *h <= kMaxDimension &&
        *w % 2 == 0 && *h % 2 == 0)
      return std::pair<uint32_t, uint32_t>(static_cast<uint32_t>(*w), static_cast<uint32_t>(*h));
  }
  return invalid_option("bad size '" + std::string(text) + "': expected even WIDTHxHEIGHT, e.g. 1280x720");
}

media::Result<Profile> parse_profile(std::string_view text) {
  if (text == "live") return Profile::kLive;
  if (text == "ondemand" || text == "on-demand") return Profile::kOnDemand;
  return invalid_option("bad --profile '" + std::string(text) + "': expected live or ondemand");
}

media::Result<std::vector<RungSpec>> validate_options(const PackageOptions& o) {
  if (o.output_dir.empty()) return invalid_option("no output directory: use -o OUTDIR");
  if (o.test_source_s && !o.inputs.empty()) return invalid_option("give an INPUT or --test-source, not both");
  const bool live_test_source = o.live && o.live->test_source;
  if (live_test_source && !o.inputs.empty()) return invalid_option("give an INPUT or --test-source live, not both");
  if (!o.test_source_s && o.inputs.empty() && !live_test_source)
    return invalid_option("no input: give INPUT or --test-source SECONDS");
  if (o.test_source_s && (!std::isfinite(*o.test_source_s) || *o.test_source_s <= 0 || *o.test_source_s > kMaxTestSourceS))
    return invalid_option("--test-source must be between 0 and 3600 seconds");
  if (!o.copy && o.inputs.size() > 1)
    return invalid_option("several inputs are only allowed with --copy (already-encoded renditions)");
  if (o.copy && o.test_source_s) return invalid_option("--copy needs encoded input files, not --test-source");
  if (o.copy && !o.ladder.empty()) return invalid_option("--copy keeps the renditions as they are: --ladder does not apply");
  if (!std::isfinite(o.segment_duration_s) || o.segment_duration_s < kMinSegmentDurationS ||
      o.segment_duration_s > kMaxSegmentDurationS)
    return invalid_option("--segment-duration must be between 0.5 and 60 seconds");
  if (std::find(std::begin(kPresets), std::end(kPresets), o.preset) == std::end(kPresets))
    return invalid_option("unknown --preset '" + o.preset + "' (ultrafast ... placebo)");
  if (o.audio_rate_bps < 16'000 || o.audio_rate_bps > 512'000)
    return invalid_option("--audio-bitrate must be between 16k and 512k");
  if (o.surround_rate_bps < 64'000 || o.surround_rate_bps > 1'536'000)
    return invalid_option("--surround-bitrate must be between 64k and 1536k");
  if ((o.test_source_s || live_test_source) && o.audio_streams && o.audio_streams->size() > 1)
    return invalid_option("--test-source has one audio stream (0)");
  if (o.encryption && std::find(o.codecs.begin(), o.codecs.end(), VideoCodec::kAv1) != o.codecs.end())
    return invalid_option("--encrypt does not support AV1 yet (its subsamples must follow tile boundaries)");
  if (o.threads < 0 || o.threads > 256) return invalid_option("--threads must be between 0 and 256");
  if (o.encoder_threads < 0 || o.encoder_threads > 64) return invalid_option("--encoder-threads must be between 0 and 64");
  if (o.test_source_s || live_test_source) DS_RETURN_IF_ERROR(parse_size(o.test_source_size).status());
  if (o.live) {
    if (o.copy || o.profile != Profile::kLive || o.test_source_s)
      return invalid_option("--live packages one input with the live profile (no --copy, --profile ondemand or a clip length)");
    if (!live_test_source && !o.live->realtime && !is_stream_url(o.inputs.front()))
      return invalid_option("live input '" + o.inputs.front() +
                     "' is a file: add --realtime to read it at its native rate, or give a stream URL (srt://, udp://, rtmp://)");
    if (o.live->realtime && is_stream_url(o.inputs.front()))
      return invalid_option("--realtime paces files; a stream URL arrives in real time already");
    DS_RETURN_IF_ERROR(check_live_combinations(o));
    DS_RETURN_IF_ERROR(validate_live_options(*o.live, o.segment_duration_s));
  }
  DS_RETURN_IF_ERROR(validate_pathways(o.pathways, o.steering_url));
  if (o.ladder.empty()) return std::vector<RungSpec>{};
  return parse_ladder(o.ladder);
}

}  // namespace packager
