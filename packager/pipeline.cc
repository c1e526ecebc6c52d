#include "packager/pipeline.h"

#include <algorithm>
#include <mutex>
#include <thread>

#include "packager/cenc/sample_encryptor.h"
#include "packager/frame_distributor.h"
#include "packager/language.h"
#include "packager/quality/luma_metrics.h"
#include "packager/subtitles/text_tracks.h"
#include "packager/rung_worker.h"
#include "packager/thread_plan.h"

namespace packager {
namespace {

constexpr double kSupervisorTickS = 0.1;
constexpr uint32_t kRungTrackId = 1;

media::Error pipeline_cancelled() { return media::make_error(media::ErrorCode::kCancelled, "interrupted"); }

// The first error of any stage; later ones are consequences.
class ErrorSlot {
 public:
  void set(const media::Error& e) {
    std::scoped_lock lock(mutex_);
    if (!error_) error_ = e;
  }
  std::optional<media::Error> get() {
    std::scoped_lock lock(mutex_);
    return error_;
  }

 private:
  std::mutex mutex_;  // guards error_
  std::optional<media::Error> error_;
};

std::string frame_rate_text(FrameRate r) {
  return r.den == 1 ? std::to_string(r.num) : std::to_string(r.num) + "/" + std::to_string(r.den);
}

int cores_of(const PackageOptions& o) {
  return o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Everything one run encodes, and the numbers the stages share.
struct Stages {
  int64_t segment_us = 0;
  FrameRate rate;
  int64_t video_timescale_ticks = 0;
  std::vector<std::unique_ptr<RungWorker>> rungs;
  std::vector<std::unique_ptr<AudioOutput>> audio;
};

// What viewers see full screen: the largest rung.
LadderRung display_rung(const std::vector<LadderRung>& ladder) {
  return *std::max_element(ladder.begin(), ladder.end(), [](const LadderRung& a, const LadderRung& b) {
    return uint64_t(a.width) * a.height < uint64_t(b.width) * b.height;
  });
}

media::Status open_rungs(const PackageOptions& o, const std::vector<LadderRung>& ladder, const SourceInfo& info,
                         RunContext& context, SegmentSink& sink, const PipelineHooks& hooks, Stages& stages) {
  if (!info.has_video || ladder.empty()) return {};
  const FrameRate rate = stages.rate;
  const int64_t segment_us = stages.segment_us;
  stages.video_timescale_ticks = video_timescale(rate);
  const int64_t frame_ticks = stages.video_timescale_ticks * rate.den / rate.num;
  const ThreadPlan plan = plan_threads(cores_of(o), ladder, uint64_t(info.geometry.width) * info.geometry.height);
  const int gop = static_cast<int>(boundary_frame(1, segment_us, rate));
  const LadderRung display = display_rung(ladder);
  for (VideoCodec codec : o.codecs) {
    for (size_t i = 0; i < ladder.size(); ++i) {
      const std::string id = rung_id(codec, i);
      VideoEncoderSettings vs;
      vs.codec = codec;
      vs.width = ladder[i].width;
      vs.height = ladder[i].height;
      vs.frame_rate = rate;
      vs.rate_bps = ladder[i].video_rate_bps;
      vs.preset = o.preset;
      vs.gop_frames = gop;
      vs.threads = o.encoder_threads > 0 ? o.encoder_threads : plan.encoder_threads[i];
      vs.timescale = stages.video_timescale_ticks;
      if (hooks.configure_encoder) hooks.configure_encoder(vs);
      auto encoder = VideoEncoder::open(vs);
      if (!encoder.ok()) return encoder.error();
      const VideoStreamConfig& stream = (*encoder)->stream_config();
      SegmenterConfig sc;
      sc.rep_id = id;
      sc.profile = o.profile;
      sc.track = mp4::TrackConfig{
          kRungTrackId, static_cast<uint32_t>(stages.video_timescale_ticks),
          mp4::VideoTrack{vs.width, vs.height, 1, 1, stream.config, stream.sample_entry, stream.config_box}};
      sc.boundary_ticks = [segment_us, rate, frame_ticks](int64_t k) {
        return boundary_frame(k, segment_us, rate) * frame_ticks;
      };
      if (o.encryption) {
        auto encryptor = cenc::make_track_encryptor(
            *o.encryption, codec == VideoCodec::kHevc ? cenc::SampleLayout::kHevc : cenc::SampleLayout::kH264);
        if (!encryptor.ok()) return encryptor.error();
        sc.encryptor = std::move(*encryptor);
      }
      if (hooks.configure_segmenter) hooks.configure_segmenter(sc);
      auto segmenter = Segmenter::create(std::move(sc), context.files, sink);
      if (!segmenter.ok()) return segmenter.error();
      std::unique_ptr<quality::DisplayQualityMeter> meter;
      if (o.quality_display) {
        quality::DisplayQualitySettings q{codec, stream, vs.width, vs.height, display.width, display.height,
                                          rate, segment_us, frame_ticks};
        auto m = quality::DisplayQualityMeter::open(q);
        if (!m.ok()) return m.error();
        meter = std::move(*m);
      }
      stages.rungs.push_back(
          std::make_unique<RungWorker>(id, ladder[i], std::move(*encoder), std::move(*segmenter), std::move(meter)));
      stages.rungs.back()->follow_preset(hooks.preset_index);
    }
  }
  return {};
}

// Display quality per segment onto the written segments (matched by their first frame).
void attach_display_quality(const RungWorker& r, const Stages& stages, std::vector<SegmentWritten>& segments) {
  if (r.meter() == nullptr) return;
  const int64_t frame_ticks = stages.video_timescale_ticks * stages.rate.den / stages.rate.num;
  const auto& measured = r.meter()->segments();
  for (auto& s : segments) {
    const auto k = static_cast<size_t>(segment_of_frame(s.start_ticks / frame_ticks, stages.segment_us, stages.rate));
    if (k >= measured.size() || measured[k].frames == 0) continue;
    s.psnr_display_db = quality::psnr_db(measured[k].sse, measured[k].pixels);
    s.ssim_display = measured[k].ssim_sum / measured[k].frames;
  }
}

// The segment duration in µs. An encoder that cannot be told where key
// frames go (SVT-AV1) makes them every N frames, so with it every segment
// is a whole number of frames: N = round(D × fps), D' = N / fps (4 s at
// 29.97 fps → 120 frames = 4.004 s).
int64_t segment_duration_us(const PackageOptions& o, FrameRate rate, bool has_video) {
  const int64_t requested_us = static_cast<int64_t>(std::llround(o.segment_duration_s * 1e6));
  const bool fixed_gop = std::any_of(o.codecs.begin(), o.codecs.end(), [](VideoCodec c) { return !forces_key_frames(c); });
  if (!has_video || !fixed_gop || rate.num <= 0) return requested_us;
  const int64_t frames = std::max<int64_t>(1, std::llround(o.segment_duration_s * rate.fps()));
  return frames * rate.den * 1'000'000 / rate.num;
}

media::Status open_audio_track(const PackageOptions& o, size_t track, const StreamTags& tags,
                               const TrackIdentity& identity, RunContext& context, SegmentSink& sink,
                               const PipelineHooks& hooks, Stages& stages) {
  auto out = std::make_unique<AudioOutput>();
  out->id = "a" + std::to_string(track);
  out->identity = identity;
  AudioEncoderSettings as;
  const bool surround = o.keep_surround && tags.channels > kStereoChannels;
  as.channels = surround ? kSurroundChannels : kStereoChannels;
  as.rate_bps = surround ? o.surround_rate_bps : o.audio_rate_bps;
  auto encoder = AudioEncoder::open(as);
  if (!encoder.ok()) return encoder.error().with_context("audio stream " + std::to_string(tags.number));
  out->encoder = std::move(*encoder);
  SegmenterConfig sc;
  sc.rep_id = out->id;
  sc.profile = o.profile;
  const auto rate_bps = static_cast<uint32_t>(as.rate_bps);
  sc.track = mp4::TrackConfig{kRungTrackId, kAudioSampleRate,
                              mp4::AudioTrack{kAudioSampleRate, static_cast<uint16_t>(as.channels),
                                              out->encoder->audio_specific_config(), rate_bps, rate_bps}};
  sc.track.language = iso639_2_language(identity.lang);
  if (o.encryption) {
    auto encryptor = cenc::make_track_encryptor(*o.encryption, cenc::SampleLayout::kWhole);
    if (!encryptor.ok()) return encryptor.error();
    sc.encryptor = std::move(*encryptor);
  }
  const int64_t segment_us = stages.segment_us;
  const FrameRate rate = stages.rate;
  const bool has_video = !stages.rungs.empty();
  sc.boundary_ticks = [segment_us, rate, has_video](int64_t k) {
    return has_video ? audio_cut_for_video_frame(boundary_frame(k, segment_us, rate), rate, kAudioSampleRate,
                                                 kAacFrameSamples)
                     : audio_cut_for_segment(k, segment_us, kAudioSampleRate, kAacFrameSamples);
  };
  if (hooks.configure_segmenter) hooks.configure_segmenter(sc);
  auto segmenter = Segmenter::create(std::move(sc), context.files, sink);
  if (!segmenter.ok()) return segmenter.error();
  out->segmenter = std::move(*segmenter);
  stages.audio.push_back(std::move(out));
  return {};
}

// One output track per audio stream the source delivers, in its order.
media::Status open_audio(const PackageOptions& o, const SourceInfo& info, RunContext& context, SegmentSink& sink,
                         const PipelineHooks& hooks, Stages& stages) {
  const std::vector<TrackIdentity> identities = identify_audio_tracks(info.audio, o.audio_overrides);
  for (size_t i = 0; i < info.audio.size(); ++i)
    DS_RETURN_IF_ERROR(open_audio_track(o, i, info.audio[i], identities[i], context, sink, hooks, stages));
  return {};
}

// What the slowest stage has done so far.
ProgressSnapshot snapshot(const Stages& stages, const SourceInfo& info, double elapsed_s) {
  ProgressSnapshot snap;
  snap.total_s = info.duration_s;
  snap.elapsed_s = elapsed_s;
  if (!stages.rungs.empty()) {
    int64_t frames = INT64_MAX;
    for (const auto& r : stages.rungs) frames = std::min(frames, r->frames_encoded());
    snap.frames = frames;
    snap.done_s = frames / stages.rate.fps();
  } else if (!stages.audio.empty()) {
    snap.done_s = double(stages.audio.front()->ticks_written.load(std::memory_order_relaxed)) / kAudioSampleRate;
  }
  return snap;
}

// Starts the source and the rung workers, supervises them until every one
// has ended and returns the first error (kCancelled after a stop).
media::Status run_stages(Source& source, FrameDistributor& distributor, Stages& stages, RunContext& context) {
  ErrorSlot errors;
  std::atomic<int> running{0};
  auto finished = [&](const media::Status& st) {
    if (!st.ok()) {
      errors.set(st.error());
      context.stop.store(true);
    }
    running.fetch_sub(1);
    context.clock.wake();  // the supervisor notices at once
  };
  const double started_s = context.clock.now_s();
  std::vector<std::jthread> threads;
  for (auto& r : stages.rungs) {
    running.fetch_add(1);
    threads.emplace_back([&finished, worker = r.get()] { finished(worker->run()); });
  }
  running.fetch_add(1);
  threads.emplace_back([&] {
    media::Status st = source.run(distributor);
    if (st.ok()) st = distributor.finish_audio();
    for (auto& r : stages.rungs) r->queue().close();  // end of stream: workers flush their encoders
    finished(st);
  });

  // Turn `stop` into pipeline_cancelled queues so every blocked stage wakes up promptly.
  bool cancelled_queues = false;
  while (running.load() > 0) {
    context.clock.sleep_until(context.clock.now_s() + kSupervisorTickS);
    if (context.stop.load() && !cancelled_queues) {
      for (auto& r : stages.rungs) r->queue().cancel();
      cancelled_queues = true;
    }
    if (context.progress != nullptr)
      context.progress->on_progress(snapshot(stages, source.info(), context.clock.now_s() - started_s));
  }
  threads.clear();  // joins
  if (context.progress != nullptr) context.progress->on_end();
  if (auto e = errors.get()) return *e;
  if (context.stop.load()) return pipeline_cancelled();
  return {};
}

// Audio ends with the video (the encoder's flush pads past it), on the AAC
// frame grid like every cut, so a video ending on a boundary does not leave
// a sliver of an audio segment behind it.
media::Status finish_audio(const Stages& stages, int64_t video_frames) {
  for (const auto& a : stages.audio) {
    const int64_t end = stages.rungs.empty()
                            ? a->encoder->samples_in()
                            : audio_cut_for_video_frame(video_frames, stages.rate, kAudioSampleRate, kAacFrameSamples);
    DS_RETURN_IF_ERROR(a->segmenter->finish(end));
  }
  return {};
}

// What was (or will be) written: the collected segments (none before the
// run, or when a hook's sink took them).
PresentationDescription describe(const PackageOptions& o, const Stages& stages, SegmentCollector& collector) {
  PresentationDescription p;
  p.profile = o.profile;
  if (o.encryption) p.protection = describe_protection(*o.encryption);
  p.segment_duration_s = double(stages.segment_us) / 1e6;
  for (const auto& r : stages.rungs) {
    RepresentationDescription d;
    d.id = r->id();
    d.kind = ContentKind::kVideo;
    d.set_key = "video-" + r->encoder().stream_config().sample_entry;
    d.codecs = r->encoder().codecs();
    d.timescale = static_cast<uint32_t>(stages.video_timescale_ticks);
    d.width = r->rung().width;
    d.height = r->rung().height;
    d.frame_rate = frame_rate_text(stages.rate);
    d.encoder_threads = r->encoder().settings().threads;
    d.files = r->segmenter().files();
    d.segments = collector.take(r->id());
    attach_display_quality(*r, stages, d.segments);
    p.representations.push_back(std::move(d));
  }
  for (const auto& a : stages.audio) {
    RepresentationDescription d;
    d.id = a->id;
    d.kind = ContentKind::kAudio;
    d.set_key = "audio-" + a->id;
    d.lang = a->identity.lang;
    d.role = a->identity.role;
    d.label = a->identity.label;
    d.codecs = a->encoder->codecs();
    d.timescale = kAudioSampleRate;
    d.sample_rate = kAudioSampleRate;
    d.channels = static_cast<uint32_t>(a->encoder->channels());
    d.files = a->segmenter->files();
    d.segments = collector.take(a->id);
    p.representations.push_back(std::move(d));
  }
  return p;
}

// The input's own subtitle streams, cut like the video.
media::Status add_input_subtitles(const PackageOptions& o, const SourceInfo& info,
                                  std::vector<std::vector<subtitles::Cue>>& cues, OutputFiles& files,
                                  PresentationDescription& p) {
  if (info.subtitles.empty()) return {};
  std::vector<subtitles::TextTrackInput> tracks;
  for (size_t i = 0; i < info.subtitles.size(); ++i)
    tracks.push_back({identify_subtitle_track(info.subtitles[i], o.subtitle_overrides),
                      i < cues.size() ? std::move(cues[i]) : std::vector<subtitles::Cue>{}});
  auto timeline = subtitles::text_timeline(p);
  if (!timeline.ok()) return timeline.error();
  return subtitles::add_text_tracks(std::move(tracks), *timeline, text_output_options(o), files, p);
}

}  // namespace

ProtectionDescription describe_protection(const cenc::EncryptionOptions& e) {
  const std::vector<uint8_t> pssh = cenc::common_pssh(e.key_id);
  return {std::string(cenc::scheme_name(e.scheme)), cenc::to_uuid(e.key_id), cenc::to_hex(e.key_id),
          cenc::to_base64(pssh), e.la_url};
}

subtitles::TextOutputOptions text_output_options(const PackageOptions& o) {
  return {o.profile, o.subtitles_sidecar, o.hls};
}

media::Result<std::vector<LadderRung>> choose_ladder(const std::vector<RungSpec>& specs, const SourceInfo& source) {
  if (!source.has_video) {
    if (!specs.empty())
      return media::make_error(media::ErrorCode::kInvalidArgument, "--ladder given but '" + source.name + "' has no video");
    return std::vector<LadderRung>{};
  }
  if (specs.empty()) return derive_ladder(source.geometry);
  return resolve_ladder(specs, source.geometry);
}

media::Result<PresentationDescription> run_pipeline(const PackageOptions& options, const std::vector<LadderRung>& ladder,
                                                    Source& source, RunContext& context, const PipelineHooks& hooks) {
  const SourceInfo& info = source.info();
  Stages stages;
  stages.rate = info.frame_rate;
  stages.segment_us = segment_duration_us(options, info.frame_rate, info.has_video && !ladder.empty());
  SegmentCollector collector;
  SegmentSink& sink = hooks.sink != nullptr ? *hooks.sink : collector;
  DS_RETURN_IF_ERROR(open_rungs(options, ladder, info, context, sink, hooks, stages));
  DS_RETURN_IF_ERROR(open_audio(options, info, context, sink, hooks, stages));
  if (stages.rungs.empty() && stages.audio.empty())
    return media::make_error(media::ErrorCode::kUnsupported, "nothing to package in '" + info.name + "'");
  if (hooks.on_started) hooks.on_started(describe(options, stages, collector));

  FrameDistributor distributor(stages.rungs, stages.audio, stages.segment_us, stages.rate);
  if (options.quality_display && !ladder.empty()) {
    const LadderRung display = display_rung(ladder);
    distributor.measure_at(display.width, display.height);
  }
  DS_RETURN_IF_ERROR(run_stages(source, distributor, stages, context));
  DS_RETURN_IF_ERROR(finish_audio(stages, distributor.video_frames()));
  PresentationDescription p = describe(options, stages, collector);
  DS_RETURN_IF_ERROR(add_input_subtitles(options, info, distributor.cues(), context.files, p));
  return p;
}

}  // namespace packager
