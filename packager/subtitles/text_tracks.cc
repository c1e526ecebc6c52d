#include "packager/subtitles/text_tracks.h"

#include <algorithm>

#include "packager/language.h"
#include "packager/segmenter.h"
#include "packager/subtitles/webvtt_writer.h"
#include "packager/subtitles/wvtt_samples.h"

namespace packager::subtitles {
namespace {

constexpr uint32_t kTextTrackId = 1;
constexpr const char* kWebVttCodecs = "wvtt";

int64_t ticks_to_ms(int64_t ticks, uint32_t timescale) { return ticks * 1000 / timescale; }

media::Status write_text(OutputFiles& files, const std::string& name, const std::string& text, uint64_t& size_bytes) {
  size_bytes = text.size();
  return write_whole_file(files.temp_path(name), {reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

// DASH: the cues as wvtt samples through the same segmenter as audio and video.
media::Status write_wvtt(const std::string& id, const std::vector<Cue>& cues, const TextTimeline& t, Profile profile,
                         OutputFiles& files, RepresentationDescription& d) {
  SegmentCollector collector;
  SegmenterConfig sc;
  sc.rep_id = id;
  sc.profile = profile;
  sc.track = mp4::TrackConfig{kTextTrackId, t.timescale, mp4::TextTrack{}};
  sc.track.language = iso639_2_language(d.lang);
  const std::vector<int64_t> starts = t.segment_starts_ticks;
  sc.boundary_ticks = [starts](int64_t k) { return k < int64_t(starts.size()) ? starts[size_t(k)] : INT64_MAX; };
  auto segmenter = Segmenter::create(std::move(sc), files, collector);
  if (!segmenter.ok()) return segmenter.error();
  for (size_t k = 0; k < t.segment_starts_ticks.size(); ++k) {
    const int64_t end = k + 1 < t.segment_starts_ticks.size() ? t.segment_starts_ticks[k + 1] : t.end_ticks;
    for (const TextSample& s : wvtt_samples(cues, t.segment_starts_ticks[k], end, t.timescale)) {
      Sample sample;
      sample.pts_ticks = sample.dts_ticks = s.start_ticks;
      sample.duration_ticks = s.duration_ticks;
      sample.sync = true;
      DS_RETURN_IF_ERROR((*segmenter)->add(sample, s.data));
    }
  }
  DS_RETURN_IF_ERROR((*segmenter)->finish());
  d.files = (*segmenter)->files();
  d.segments = collector.take(id);
  return {};
}

// HLS: every segment a complete WebVTT file with the cues that overlap it.
media::Status write_hls_segments(const std::string& id, const std::vector<Cue>& cues, const TextTimeline& t,
                                 OutputFiles& files, RepresentationDescription& d) {
  for (size_t k = 0; k < t.segment_starts_ticks.size(); ++k) {
    const int64_t start = t.segment_starts_ticks[k];
    const int64_t end = k + 1 < t.segment_starts_ticks.size() ? t.segment_starts_ticks[k + 1] : t.end_ticks;
    SegmentWritten s;
    s.rep_id = id;
    s.index = k + 1;
    s.start_ticks = start;
    s.duration_ticks = end - start;
    s.path = id + "-" + std::to_string(k + 1) + ".vtt";
    DS_RETURN_IF_ERROR(write_text(files, s.path,
                                  write_webvtt_segment(cues, ticks_to_ms(start, t.timescale), ticks_to_ms(end, t.timescale)),
                                  s.size_bytes));
    d.text_segments.push_back(s);
  }
  return {};
}

}  // namespace

media::Result<TextTimeline> text_timeline(const PresentationDescription& p) {
  const RepresentationDescription* base = nullptr;
  for (ContentKind kind : {ContentKind::kVideo, ContentKind::kAudio})
    for (const auto& r : p.representations)
      if (base == nullptr && r.kind == kind && !r.segments.empty()) base = &r;
  if (base == nullptr)
    return media::make_error(media::ErrorCode::kInvalidArgument, "subtitles need video or audio to go with");
  TextTimeline t;
  t.timescale = base->timescale;
  for (const auto& s : base->segments) t.segment_starts_ticks.push_back(s.start_ticks);
  t.end_ticks = base->segments.back().start_ticks + base->segments.back().duration_ticks;
  // The text starts with the presentation, whatever the first segment's tfdt.
  t.segment_starts_ticks.front() = 0;
  return t;
}

media::Status add_text_tracks(std::vector<TextTrackInput> tracks, const TextTimeline& timeline,
                              const TextOutputOptions& options, OutputFiles& files, PresentationDescription& p) {
  size_t index = static_cast<size_t>(std::count_if(p.representations.begin(), p.representations.end(),
                                                   [](const auto& r) { return r.kind == ContentKind::kText; }));
  const int64_t end_ms = ticks_to_ms(timeline.end_ticks, timeline.timescale);
  for (auto& track : tracks) {
    normalize_cues(track.cues);
    // Nothing shows after the presentation ends.
    std::erase_if(track.cues, [&](const Cue& c) { return c.start_ms >= end_ms; });
    for (auto& c : track.cues) c.end_ms = std::min(c.end_ms, end_ms);
    RepresentationDescription d;
    d.id = "s" + std::to_string(index++);
    d.kind = ContentKind::kText;
    d.set_key = "text-" + d.id;
    d.lang = track.identity.lang;
    d.role = track.identity.role;
    d.label = track.identity.label;
    d.codecs = kWebVttCodecs;
    d.timescale = timeline.timescale;
    if (options.sidecar) {
      d.files.sidecar_file = d.id + ".vtt";
      DS_RETURN_IF_ERROR(write_text(files, d.files.sidecar_file, write_webvtt(track.cues), d.files.sidecar_size_bytes));
    } else {
      DS_RETURN_IF_ERROR(write_wvtt(d.id, track.cues, timeline, options.profile, files, d));
    }
    if (options.hls_segments) DS_RETURN_IF_ERROR(write_hls_segments(d.id, track.cues, timeline, files, d));
    p.representations.push_back(std::move(d));
  }
  return {};
}

}  // namespace packager::subtitles
