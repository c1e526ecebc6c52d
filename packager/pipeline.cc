#include "packager/pipeline.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "media/av/error.h"
#include "packager/audio_encoder.h"
#include "media/bounded_queue.h"
#include "packager/scaler.h"
#include "packager/segmenter.h"
#include "packager/thread_plan.h"
#include "packager/video_encoder.h"

namespace packager {
namespace {

using SharedFrame = std::shared_ptr<AVFrame>;
using Clock = std::chrono::steady_clock;

constexpr auto kSupervisorTick = std::chrono::milliseconds(100);
constexpr uint32_t kTrackId = 1;

media::Error cancelled() { return media::make_error(media::ErrorCode::kCancelled, "interrupted"); }

// Collects every SegmentWritten, per representation (workers report concurrently).
class SegmentCollector : public SegmentSink {
 public:
  void on_segment(const SegmentWritten& s) override {
    std::scoped_lock lock(mutex_);
    segments_[s.rep_id].push_back(s);
  }
  std::vector<SegmentWritten> take(const std::string& rep_id) {
    std::scoped_lock lock(mutex_);
    return std::move(segments_[rep_id]);
  }

 private:
  std::mutex mutex_;  // guards segments_
  std::map<std::string, std::vector<SegmentWritten>> segments_;
};

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

// One rung: scale → encode → segment, on its own thread.
struct RungWorker {
  std::string id;
  LadderRung rung;
  std::unique_ptr<VideoEncoder> encoder;
  std::unique_ptr<Segmenter> segmenter;
  Scaler scaler;
  media::BoundedQueue<SharedFrame> queue{kFrameQueueCapacity};
  std::atomic<int64_t> frames_encoded{0};
  const std::atomic<int>* preset_index = nullptr;  // PipelineHooks::preset_index
  int applied_preset = -1;

  RungWorker(std::string id_, const LadderRung& r) : id(std::move(id_)), rung(r), scaler(r.width, r.height) {}

  media::Status run() {
    auto on_packet = [this](const EncodedVideoPacket& p) -> media::Status {
      Sample s;
      s.pts_ticks = p.pts_ticks;
      s.dts_ticks = p.dts_ticks;
      s.duration_ticks = p.duration_ticks;
      s.sync = p.key;
      s.luma_sse = p.luma_sse;
      s.luma_pixels = p.luma_pixels;
      DS_RETURN_IF_ERROR(segmenter->add(s, p.data));
      frames_encoded.fetch_add(1, std::memory_order_relaxed);
      return {};
    };
    for (;;) {
      SharedFrame frame;
      media::QueueStatus q = queue.pop(frame);
      if (q == media::QueueStatus::kCancelled) return cancelled();
      if (q == media::QueueStatus::kClosed) break;
      auto scaled = scaler.scale(frame.get());
      if (!scaled.ok()) return scaled.error().with_context("representation " + id);
      if (preset_index != nullptr && frame->pict_type == AV_PICTURE_TYPE_I && preset_index->load() != applied_preset) {
        applied_preset = preset_index->load();  // tried once per change, at a segment boundary
        auto switched = encoder->switch_preset(kPresets[applied_preset], on_packet);
        if (!switched.ok()) return switched.error().with_context("representation " + id);
      }
      DS_RETURN_IF_ERROR(encoder->encode(*scaled, on_packet));
    }
    DS_RETURN_IF_ERROR(encoder->encode(nullptr, on_packet));
    return segmenter->finish();
  }
};

// Receives decoded media on the source thread: video is handed to every
// rung's queue (shared, never copied), audio is encoded right here.
class Distributor : public FrameConsumer {
 public:
  Distributor(std::vector<std::unique_ptr<RungWorker>>& rungs, AudioEncoder* audio, Segmenter* audio_segmenter,
              int64_t segment_us, FrameRate rate)
      : rungs_(rungs), audio_(audio), audio_segmenter_(audio_segmenter), segment_us_(segment_us), rate_(rate) {}

  media::Status on_video(const AVFrame* frame, int64_t index) override {
    if (rungs_.empty()) return {};
    SharedFrame shared(av_frame_alloc(), [](AVFrame* f) { av_frame_free(&f); });
    if (!shared) return media::make_error(media::ErrorCode::kInternal, "out of memory");
    if (int ret = av_frame_ref(shared.get(), frame); ret < 0) return media::av::make_av_error(ret, "video frame");
    shared->pts = index;  // encoder time base is 1/frame_rate
    // Key frames exactly at the segment boundaries, in every rung; the
    // source's own picture types must not leak into the encoders.
    shared->pict_type = is_boundary_frame(index, segment_us_, rate_) ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
    for (auto& r : rungs_)
      if (r->queue.push(shared) != media::QueueStatus::kOk) return cancelled();
    frames_out_ = index + 1;
    return {};
  }

  media::Status on_audio(const AVFrame* frame) override {
    if (audio_ == nullptr) return {};
    return audio_->encode(frame, [this](const EncodedAudioPacket& p) { return add_audio(p); });
  }

  media::Status finish_audio() {
    if (audio_ == nullptr) return {};
    return audio_->encode(nullptr, [this](const EncodedAudioPacket& p) { return add_audio(p); });
  }

  int64_t video_frames() const { return frames_out_; }
  int64_t audio_ticks() const { return audio_ticks_.load(std::memory_order_relaxed); }

 private:
  media::Status add_audio(const EncodedAudioPacket& p) {
    Sample s;
    s.pts_ticks = p.pts_ticks;
    s.dts_ticks = p.pts_ticks;
    s.duration_ticks = p.duration_ticks;
    s.sync = true;
    DS_RETURN_IF_ERROR(audio_segmenter_->add(s, p.data));
    audio_ticks_.store(p.pts_ticks + p.duration_ticks, std::memory_order_relaxed);
    return {};
  }

  std::vector<std::unique_ptr<RungWorker>>& rungs_;
  AudioEncoder* audio_;
  Segmenter* audio_segmenter_;
  int64_t segment_us_;
  FrameRate rate_;
  int64_t frames_out_ = 0;
  std::atomic<int64_t> audio_ticks_{0};
};

}  // namespace

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
                                                    Source& source, OutputFiles& files, std::atomic<bool>& stop,
                                                    ProgressObserver* progress, const PipelineHooks& hooks) {
  const SourceInfo& info = source.info();
  const int64_t segment_us = static_cast<int64_t>(std::llround(options.segment_duration_s * 1e6));
  const FrameRate rate = info.frame_rate;
  SegmentCollector collector;
  SegmentSink& sink = hooks.sink != nullptr ? *hooks.sink : collector;
  ErrorSlot errors;
  const auto started = Clock::now();

  // Video: one worker per rung.
  std::vector<std::unique_ptr<RungWorker>> rungs;
  int64_t video_timescale_ticks = 0, frame_ticks = 0;
  if (info.has_video && !ladder.empty()) {
    video_timescale_ticks = video_timescale(rate);
    frame_ticks = video_timescale_ticks * rate.den / rate.num;
    const int cores = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    const ThreadPlan plan = plan_threads(cores, ladder, uint64_t(info.geometry.width) * info.geometry.height);
    const int gop = static_cast<int>(boundary_frame(1, segment_us, rate));
    for (size_t i = 0; i < ladder.size(); ++i) {
      auto w = std::make_unique<RungWorker>("v" + std::to_string(i), ladder[i]);
      VideoEncoderSettings vs;
      vs.width = ladder[i].width;
      vs.height = ladder[i].height;
      vs.frame_rate = rate;
      vs.rate_bps = ladder[i].video_rate_bps;
      vs.preset = options.preset;
      vs.gop_frames = gop;
      vs.threads = options.encoder_threads > 0 ? options.encoder_threads : plan.encoder_threads[i];
      vs.timescale = video_timescale_ticks;
      if (hooks.configure_encoder) hooks.configure_encoder(vs);
      auto enc = VideoEncoder::open(vs);
      if (!enc.ok()) return enc.error();
      w->encoder = std::move(*enc);
      SegmenterConfig sc;
      sc.rep_id = w->id;
      sc.profile = options.profile;
      sc.track = mp4::TrackConfig{kTrackId, static_cast<uint32_t>(video_timescale_ticks),
                                  mp4::VideoTrack{vs.width, vs.height, 1, 1, w->encoder->avcc()}};
      sc.boundary_ticks = [segment_us, rate, frame_ticks](int64_t k) {
        return boundary_frame(k, segment_us, rate) * frame_ticks;
      };
      if (hooks.configure_segmenter) hooks.configure_segmenter(sc);
      auto seg = Segmenter::create(std::move(sc), files, sink);
      if (!seg.ok()) return seg.error();
      w->segmenter = std::move(*seg);
      w->preset_index = hooks.preset_index;
      rungs.push_back(std::move(w));
    }
  }

  // Audio: encoded on the source thread.
  std::unique_ptr<AudioEncoder> audio;
  std::unique_ptr<Segmenter> audio_segmenter;
  if (info.has_audio) {
    auto enc = AudioEncoder::open(options.audio_rate_bps);
    if (!enc.ok()) return enc.error();
    audio = std::move(*enc);
    SegmenterConfig sc;
    sc.rep_id = "a0";
    sc.profile = options.profile;
    const auto rate_bps = static_cast<uint32_t>(options.audio_rate_bps);
    sc.track = mp4::TrackConfig{kTrackId, kAudioSampleRate,
                                mp4::AudioTrack{kAudioSampleRate, kAudioChannels, audio->audio_specific_config(),
                                                rate_bps, rate_bps}};
    const bool has_video = !rungs.empty();
    sc.boundary_ticks = [segment_us, rate, has_video](int64_t k) {
      return has_video ? audio_cut_for_video_frame(boundary_frame(k, segment_us, rate), rate, kAudioSampleRate,
                                                   kAacFrameSamples)
                       : audio_cut_for_segment(k, segment_us, kAudioSampleRate, kAacFrameSamples);
    };
    if (hooks.configure_segmenter) hooks.configure_segmenter(sc);
    auto seg = Segmenter::create(std::move(sc), files, sink);
    if (!seg.ok()) return seg.error();
    audio_segmenter = std::move(*seg);
  }
  if (rungs.empty() && !audio)
    return media::make_error(media::ErrorCode::kUnsupported, "nothing to package in '" + info.name + "'");

  // What was (or will be) written; segments only when collected here.
  auto describe = [&](bool with_segments) {
    PresentationDescription p;
    p.profile = options.profile;
    p.segment_duration_s = options.segment_duration_s;
    for (auto& r : rungs) {
      RepresentationDescription d;
      d.id = r->id;
      d.kind = ContentKind::kVideo;
      d.codecs = r->encoder->codecs();
      d.timescale = static_cast<uint32_t>(video_timescale_ticks);
      d.width = r->rung.width;
      d.height = r->rung.height;
      d.frame_rate = frame_rate_text(rate);
      d.encoder_threads = r->encoder->settings().threads;
      d.files = r->segmenter->files();
      if (with_segments) d.segments = collector.take(r->id);
      p.representations.push_back(std::move(d));
    }
    if (audio_segmenter) {
      RepresentationDescription d;
      d.id = "a0";
      d.kind = ContentKind::kAudio;
      d.codecs = audio->codecs();
      d.timescale = kAudioSampleRate;
      d.sample_rate = kAudioSampleRate;
      d.channels = kAudioChannels;
      d.files = audio_segmenter->files();
      if (with_segments) d.segments = collector.take("a0");
      p.representations.push_back(std::move(d));
    }
    return p;
  };
  if (hooks.on_started) hooks.on_started(describe(false));

  Distributor distributor(rungs, audio.get(), audio_segmenter.get(), segment_us, rate);
  std::atomic<int> running{0};
  auto fail = [&](const media::Error& e) {
    errors.set(e);
    stop.store(true);
  };

  std::vector<std::jthread> threads;
  for (auto& r : rungs) {
    running.fetch_add(1);
    threads.emplace_back([&, worker = r.get()] {
      media::Status st = worker->run();
      if (!st.ok()) fail(st.error());
      running.fetch_sub(1);
    });
  }
  running.fetch_add(1);
  threads.emplace_back([&] {
    media::Status st = source.run(distributor);
    if (st.ok()) st = distributor.finish_audio();
    if (!st.ok()) fail(st.error());
    for (auto& r : rungs) r->queue.close();  // end of stream: workers flush their encoders
    running.fetch_sub(1);
  });

  // Supervise: progress, and turn `stop` into cancelled queues so every
  // blocked stage wakes up promptly.
  bool cancelled_queues = false;
  while (running.load() > 0) {
    std::this_thread::sleep_for(kSupervisorTick);
    if (stop.load() && !cancelled_queues) {
      for (auto& r : rungs) r->queue.cancel();
      cancelled_queues = true;
    }
    if (progress != nullptr) {
      ProgressSnapshot snap;
      snap.total_s = info.duration_s;
      snap.elapsed_s = std::chrono::duration<double>(Clock::now() - started).count();
      if (!rungs.empty()) {
        int64_t frames = INT64_MAX;
        for (auto& r : rungs) frames = std::min(frames, r->frames_encoded.load(std::memory_order_relaxed));
        snap.frames = frames;
        snap.done_s = frames / rate.fps();
      } else {
        snap.done_s = double(distributor.audio_ticks()) / kAudioSampleRate;
      }
      progress->on_progress(snap);
    }
  }
  threads.clear();  // joins
  if (progress != nullptr) progress->on_end();
  if (auto e = errors.get()) return *e;
  if (stop.load()) return cancelled();

  // Audio ends with the video (the encoder's flush pads past it).
  if (audio_segmenter) {
    std::optional<int64_t> end;
    // On the AAC frame grid like every cut, so a video ending on a boundary
    // does not leave a sliver of an audio segment behind it.
    if (!rungs.empty())
      end = audio_cut_for_video_frame(distributor.video_frames(), rate, kAudioSampleRate, kAacFrameSamples);
    else end = audio->samples_in();
    DS_RETURN_IF_ERROR(audio_segmenter->finish(end));
  }

  return describe(true);
}

}  // namespace packager
