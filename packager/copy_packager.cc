#include "packager/copy_packager.h"

#include <cmath>
#include <cstdio>
#include <functional>

extern "C" {
#include <libavcodec/bsf.h>
}

#include "media/av/alloc.h"
#include "media/av/error.h"
#include "packager/boundaries.h"
#include "packager/cenc/sample_encryptor.h"
#include "packager/pipeline.h"
#include "packager/video_bitstream.h"
#include "packager/language.h"
#include "packager/segmenter.h"

namespace packager {
namespace {

constexpr uint32_t kCopyTrackId = 1;
constexpr int64_t kDefaultTimescale = 90000;
constexpr double kAlignmentToleranceS = 0.001;
constexpr double kProgressIntervalS = 0.25;

int copy_interrupt_requested(void* opaque) { return static_cast<const std::atomic<bool>*>(opaque)->load() ? 1 : 0; }

media::Error copy_cancelled() { return media::make_error(media::ErrorCode::kCancelled, "interrupted"); }

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", s);
  return buf;
}

// An input opened for one stream kind.
struct CopyInput {
  std::string path;
  media::av::InputFormatPtr format;
  int stream = -1;
  AVIOInterruptCB interrupt{};
};

media::Result<CopyInput> open_copy_input(const std::string& path, AVMediaType kind, std::atomic<bool>& stop) {
  CopyInput in;
  in.path = path;
  in.interrupt = AVIOInterruptCB{copy_interrupt_requested, &stop};
  auto fmt = media::av::open_input(path, &in.interrupt);
  if (!fmt.ok()) return fmt.error();
  in.format = std::move(*fmt);
  in.stream = av_find_best_stream(in.format.get(), kind, -1, -1, nullptr, 0);
  for (unsigned i = 0; i < in.format->nb_streams; ++i)
    if (int(i) != in.stream) in.format->streams[i]->discard = AVDISCARD_ALL;
  return in;
}

// The one read loop of --copy: every packet of the input's chosen stream,
// in file order, to `on_packet` (which must not keep it), until the end.
media::Status read_packets(CopyInput& in, const std::atomic<bool>& stop,
                           const std::function<media::Status(AVPacket*)>& on_packet) {
  auto packet = media::av::alloc_packet();
  if (!packet.ok()) return packet.error();
  AVPacket* p = packet->get();
  for (;;) {
    if (stop.load()) return copy_cancelled();
    int ret = av_read_frame(in.format.get(), p);
    if (ret == AVERROR_EOF) return {};
    if (ret == AVERROR_EXIT || stop.load()) return copy_cancelled();
    if (ret < 0) return media::av::make_av_error(ret, "read '" + in.path + "'");
    media::Status st = p->stream_index == in.stream ? on_packet(p) : media::Status{};
    av_packet_unref(p);
    if (!st.ok()) return st;
  }
}

int64_t start_ticks_of(const AVStream* st) { return st->start_time != AV_NOPTS_VALUE ? st->start_time : 0; }

// Progress over several sequential passes (one per rendition), at most 4 reports a second.
struct Progress {
  RunContext& context;
  double started_s = context.clock.now_s();
  double last_s = -1;
  double total_s = 0;
  double done_before_s = 0;  // finished passes
  void report(double pass_s) {
    if (context.progress == nullptr) return;
    const double now_s = context.clock.now_s();
    if (last_s >= 0 && now_s - last_s < kProgressIntervalS) return;
    last_s = now_s;
    ProgressSnapshot s;
    s.done_s = done_before_s + pass_s;
    s.total_s = total_s;
    s.elapsed_s = now_s - started_s;
    context.progress->on_progress(s);
  }
};

struct VideoResult {
  RepresentationDescription description;
  std::vector<double> starts_s;
  double end_s = 0;
};

std::optional<VideoCodec> copy_codec(AVCodecID id) {
  switch (id) {
    case AV_CODEC_ID_H264: return VideoCodec::kH264;
    case AV_CODEC_ID_HEVC: return VideoCodec::kHevc;
    case AV_CODEC_ID_AV1: return VideoCodec::kAv1;
    default: return std::nullopt;
  }
}

media::Result<VideoResult> copy_video(const PackageOptions& o, const std::string& path, const std::string& id,
                                      Progress& progress) {
  RunContext& context = progress.context;
  auto in = open_copy_input(path, AVMEDIA_TYPE_VIDEO, context.stop);
  if (!in.ok()) return in.error();
  const AVStream* st = in->format->streams[in->stream];
  const AVCodecParameters* par = st->codecpar;
  const std::optional<VideoCodec> codec = copy_codec(par->codec_id);
  if (!codec)
    return media::make_error(media::ErrorCode::kUnsupported, "--copy needs H.264, HEVC or AV1 video; '" + path +
                                                                 "' has " + avcodec_get_name(par->codec_id));
  const std::span<const uint8_t> extradata(par->extradata, static_cast<size_t>(std::max(0, par->extradata_size)));
  const NalFraming framing{nal_length_size(*codec, extradata)};
  const int64_t timescale =
      (st->time_base.num == 1 && st->time_base.den >= 1000) ? st->time_base.den : kDefaultTimescale;
  const AVRational out_tb{1, static_cast<int>(timescale)};
  const int64_t segment_us = static_cast<int64_t>(std::llround(o.segment_duration_s * 1e6));
  const FrameRate rate = normalize_frame_rate(av_q2d(av_guess_frame_rate(in->format.get(), const_cast<AVStream*>(st), nullptr)));

  SegmentCollector collector;
  std::unique_ptr<Segmenter> segmenter;
  VideoStreamConfig stream;
  std::vector<uint8_t> sample;
  const int64_t start = start_ticks_of(st);
  double end_s = 0;
  // The configuration comes from the extradata, or from the first key frame's in-band parameter sets.
  auto open_segmenter = [&](std::span<const uint8_t> first_packet) -> media::Status {
    auto config = video_stream_config(*codec, extradata, first_packet);
    if (!config.ok()) return config.error().with_context("'" + path + "'");
    stream = *config;
    SegmenterConfig sc;
    sc.rep_id = id;
    sc.profile = o.profile;
    const AVRational sar = par->sample_aspect_ratio.num > 0 ? par->sample_aspect_ratio : AVRational{1, 1};
    sc.track = mp4::TrackConfig{kCopyTrackId, static_cast<uint32_t>(timescale),
                                mp4::VideoTrack{static_cast<uint32_t>(par->width), static_cast<uint32_t>(par->height),
                                                static_cast<uint32_t>(sar.num), static_cast<uint32_t>(sar.den),
                                                stream.config, stream.sample_entry, stream.config_box}};
    sc.boundary_ticks = [segment_us, timescale](int64_t k) {
      return (k * segment_us * timescale + 999'999) / 1'000'000;  // ceil(k·D) in ticks
    };
    if (o.encryption) {
      if (*codec == VideoCodec::kAv1)
        return media::make_error(media::ErrorCode::kUnsupported, "--encrypt does not support AV1 yet ('" + path + "')");
      auto encryptor = cenc::make_track_encryptor(
          *o.encryption, *codec == VideoCodec::kHevc ? cenc::SampleLayout::kHevc : cenc::SampleLayout::kH264);
      if (!encryptor.ok()) return encryptor.error();
      sc.encryptor = std::move(*encryptor);
    }
    auto seg = Segmenter::create(std::move(sc), context.files, collector);
    if (!seg.ok()) return seg.error();
    segmenter = std::move(*seg);
    return {};
  };
  auto add = [&](AVPacket* p) -> media::Status {
    if (p->pts == AV_NOPTS_VALUE)
      return media::make_error(media::ErrorCode::kUnsupported, "'" + path + "' has video packets without timestamps");
    const std::span<const uint8_t> data(p->data, static_cast<size_t>(p->size));
    if (!segmenter) DS_RETURN_IF_ERROR(open_segmenter(data));
    Sample s;
    s.pts_ticks = av_rescale_q(p->pts - start, st->time_base, out_tb);
    s.dts_ticks = av_rescale_q((p->dts != AV_NOPTS_VALUE ? p->dts : p->pts) - start, st->time_base, out_tb);
    s.duration_ticks = av_rescale_q(p->duration, st->time_base, out_tb);
    s.sync = (p->flags & AV_PKT_FLAG_KEY) != 0;
    sample.clear();
    media::Status added = append_video_sample(*codec, data, framing, sample);
    if (added.ok()) added = segmenter->add(s, sample);
    if (!added.ok()) return added.error().with_context("'" + path + "'");
    end_s = std::max(end_s, double(s.pts_ticks + s.duration_ticks) / timescale);
    progress.report(double(s.pts_ticks) / timescale);
    return {};
  };
  DS_RETURN_IF_ERROR(read_packets(*in, context.stop, add));
  if (!segmenter) return media::make_error(media::ErrorCode::kParse, "no video packet in '" + path + "'");
  DS_RETURN_IF_ERROR(segmenter->finish());

  VideoResult r;
  RepresentationDescription& d = r.description;
  d.id = id;
  d.kind = ContentKind::kVideo;
  d.set_key = "video-" + stream.sample_entry;
  d.codecs = stream.codecs;
  d.timescale = static_cast<uint32_t>(timescale);
  d.width = static_cast<uint32_t>(par->width);
  d.height = static_cast<uint32_t>(par->height);
  d.frame_rate = rate.den == 1 ? std::to_string(rate.num) : std::to_string(rate.num) + "/" + std::to_string(rate.den);
  if (par->sample_aspect_ratio.num > 0) {
    AVRational sar = par->sample_aspect_ratio;
    av_reduce(&sar.num, &sar.den, sar.num, sar.den, 1 << 16);
    d.sar = std::to_string(sar.num) + ":" + std::to_string(sar.den);
  }
  d.files = segmenter->files();
  d.segments = collector.take(id);
  for (const auto& s : d.segments) r.starts_s.push_back(double(s.start_ticks) / timescale);
  r.end_s = end_s;
  return r;
}

// ADTS (MPEG-TS) carries its configuration in every frame: aac_adtstoasc
// turns it into raw AAC + an AudioSpecificConfig (and passes MP4 AAC through).
media::Result<media::av::BsfPtr> open_adts_filter(const AVStream* st, const std::string& path) {
  const AVBitStreamFilter* filter = av_bsf_get_by_name("aac_adtstoasc");
  AVBSFContext* raw = nullptr;
  if (filter == nullptr || av_bsf_alloc(filter, &raw) < 0)
    return media::make_error(media::ErrorCode::kInternal, "aac_adtstoasc unavailable");
  media::av::BsfPtr bsf(raw);
  if (int ret = avcodec_parameters_copy(bsf->par_in, st->codecpar); ret < 0)
    return media::av::make_av_error(ret, "aac_adtstoasc for '" + path + "'");
  bsf->time_base_in = st->time_base;
  if (int ret = av_bsf_init(bsf.get()); ret < 0) return media::av::make_av_error(ret, "aac_adtstoasc for '" + path + "'");
  return bsf;
}

media::Result<RepresentationDescription> copy_audio(const PackageOptions& o, const std::string& path,
                                                    const std::vector<double>& video_starts_s,
                                                    std::optional<double> video_end_s, Progress& progress) {
  RunContext& context = progress.context;
  auto in = open_copy_input(path, AVMEDIA_TYPE_AUDIO, context.stop);
  if (!in.ok()) return in.error();
  const AVStream* st = in->format->streams[in->stream];
  const AVCodecParameters* par = st->codecpar;
  if (par->codec_id != AV_CODEC_ID_AAC)
    return media::make_error(media::ErrorCode::kUnsupported,
                             "--copy needs AAC audio; '" + path + "' has " + avcodec_get_name(par->codec_id));
  if (par->sample_rate <= 0) return media::make_error(media::ErrorCode::kParse, "'" + path + "': audio without a sample rate");
  const int64_t sample_rate = par->sample_rate;
  const int64_t frame_samples = par->frame_size > 0 ? par->frame_size : 1024;
  const AVRational out_tb{1, static_cast<int>(sample_rate)};
  auto bsf = open_adts_filter(st, path);
  if (!bsf.ok()) return bsf.error();

  const int64_t segment_us = static_cast<int64_t>(std::llround(o.segment_duration_s * 1e6));
  auto boundary = [video_starts_s, segment_us, sample_rate, frame_samples](int64_t k) -> int64_t {
    if (!video_starts_s.empty()) {
      if (k < int64_t(video_starts_s.size()))
        return std::llround(video_starts_s[k] * sample_rate / frame_samples) * frame_samples;
      return INT64_MAX;  // no more cuts after the video's last segment
    }
    return audio_cut_for_segment(k, segment_us, sample_rate, frame_samples);
  };

  const std::string id = "a0";
  const AVDictionaryEntry* language = av_dict_get(st->metadata, "language", nullptr, 0);
  const std::string lang = bcp47_language(language != nullptr ? language->value : "");
  SegmentCollector collector;
  std::unique_ptr<Segmenter> segmenter;
  const int64_t start = start_ticks_of(st);
  std::optional<int64_t> shift;  // moves a negative first timestamp (encoder priming) to 0
  std::string codecs;
  auto open_segmenter = [&]() -> media::Status {
    const AVCodecParameters* out = (*bsf)->par_out;
    const std::span<const uint8_t> asc(out->extradata, static_cast<size_t>(std::max(0, out->extradata_size)));
    auto c = aac_codecs_string(asc);
    if (!c.ok()) return c.error().with_context("'" + path + "'");
    codecs = *c;
    SegmenterConfig sc;
    sc.rep_id = id;
    sc.profile = o.profile;
    const uint32_t rate_bps = par->bit_rate > 0 ? static_cast<uint32_t>(par->bit_rate) : 0;
    sc.track = mp4::TrackConfig{kCopyTrackId, static_cast<uint32_t>(sample_rate),
                                mp4::AudioTrack{static_cast<uint32_t>(sample_rate),
                                                static_cast<uint16_t>(par->ch_layout.nb_channels),
                                                std::vector<uint8_t>(asc.begin(), asc.end()), rate_bps, rate_bps}};
    sc.track.language = iso639_2_language(lang);
    sc.boundary_ticks = boundary;
    if (o.encryption) {
      auto encryptor = cenc::make_track_encryptor(*o.encryption, cenc::SampleLayout::kWhole);
      if (!encryptor.ok()) return encryptor.error();
      sc.encryptor = std::move(*encryptor);
    }
    auto seg = Segmenter::create(std::move(sc), context.files, collector);
    if (!seg.ok()) return seg.error();
    segmenter = std::move(*seg);
    return {};
  };
  auto add = [&](AVPacket* p) -> media::Status {
    if (!segmenter) DS_RETURN_IF_ERROR(open_segmenter());
    if (p->pts == AV_NOPTS_VALUE)
      return media::make_error(media::ErrorCode::kUnsupported, "'" + path + "' has audio packets without timestamps");
    Sample s;
    s.pts_ticks = av_rescale_q(p->pts - start, (*bsf)->time_base_out, out_tb);
    if (!shift) shift = std::max<int64_t>(0, -s.pts_ticks);
    s.pts_ticks += *shift;
    s.dts_ticks = s.pts_ticks;
    s.duration_ticks = p->duration > 0 ? av_rescale_q(p->duration, (*bsf)->time_base_out, out_tb) : frame_samples;
    s.sync = true;
    progress.report(double(s.pts_ticks) / sample_rate);
    return segmenter->add(s, std::span<const uint8_t>(p->data, static_cast<size_t>(p->size)));
  };
  auto filtered = media::av::alloc_packet();
  if (!filtered.ok()) return filtered.error();
  // Sends `p` (nullptr: the end) through the filter and adds what comes out.
  auto filter = [&](AVPacket* p) -> media::Status {
    if (int ret = av_bsf_send_packet(bsf->get(), p); ret < 0 && ret != AVERROR_EOF)
      return media::av::make_av_error(ret, "audio of '" + path + "'");
    for (;;) {
      int ret = av_bsf_receive_packet(bsf->get(), filtered->get());
      if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return {};
      if (ret < 0) return media::av::make_av_error(ret, "audio of '" + path + "'");
      media::Status s = add(filtered->get());
      av_packet_unref(filtered->get());
      if (!s.ok()) return s;
    }
  };
  DS_RETURN_IF_ERROR(read_packets(*in, context.stop, filter));
  DS_RETURN_IF_ERROR(filter(nullptr));
  if (!segmenter) return media::make_error(media::ErrorCode::kParse, "no audio packet in '" + path + "'");
  std::optional<int64_t> end;
  if (video_end_s) end = std::llround(*video_end_s * sample_rate);
  DS_RETURN_IF_ERROR(segmenter->finish(end));

  RepresentationDescription d;
  d.id = id;
  d.kind = ContentKind::kAudio;
  d.set_key = "audio-" + id;
  d.lang = lang;
  d.label = d.lang == kUndeterminedLanguage ? "Audio" : language_name(d.lang);
  d.codecs = codecs;
  d.timescale = static_cast<uint32_t>(sample_rate);
  d.sample_rate = static_cast<uint32_t>(sample_rate);
  d.channels = static_cast<uint32_t>(par->ch_layout.nb_channels);
  d.files = segmenter->files();
  d.segments = collector.take(id);
  return d;
}

// Which inputs contribute video and audio (probed without decoding).
struct Roles {
  std::vector<std::string> video;
  std::optional<std::string> audio;
};

media::Result<Roles> probe_roles(const std::vector<std::string>& inputs, std::atomic<bool>& stop, double& duration_s) {
  Roles roles;
  for (const auto& path : inputs) {
    AVIOInterruptCB cb{copy_interrupt_requested, &stop};
    auto fmt = media::av::open_input(path, &cb);
    if (!fmt.ok()) return fmt.error();
    bool any = false;
    if (av_find_best_stream(fmt->get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0) >= 0) {
      roles.video.push_back(path);
      any = true;
    }
    if (av_find_best_stream(fmt->get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0) >= 0) {
      if (!roles.audio) roles.audio = path;
      any = true;
    }
    if (!any) return media::make_error(media::ErrorCode::kUnsupported, "no usable video or audio stream in '" + path + "'");
    if ((*fmt)->duration > 0) duration_s = std::max(duration_s, double((*fmt)->duration) / AV_TIME_BASE);
  }
  return roles;
}

}  // namespace

media::Status check_alignment(const std::vector<std::string>& names, const std::vector<std::vector<double>>& starts,
                              double tolerance_s) {
  for (size_t r = 1; r < starts.size(); ++r) {
    const size_t n = std::min(starts[0].size(), starts[r].size());
    for (size_t k = 0; k < n; ++k) {
      if (std::abs(starts[r][k] - starts[0][k]) > tolerance_s)
        return media::make_error(media::ErrorCode::kInvalidArgument,
                                 "--copy: key frames do not align: '" + names[r] + "' starts segment " +
                                     std::to_string(k + 1) + " at " + seconds_text(starts[r][k]) + ", '" + names[0] +
                                     "' at " + seconds_text(starts[0][k]) +
                                     " (encode with key frames every --segment-duration)");
    }
    if (starts[r].size() != starts[0].size())
      return media::make_error(media::ErrorCode::kInvalidArgument,
                               "--copy: key frames do not align: '" + names[r] + "' has " +
                                   std::to_string(starts[r].size()) + " segments, '" + names[0] + "' has " +
                                   std::to_string(starts[0].size()));
  }
  return {};
}

media::Result<PresentationDescription> run_copy(const PackageOptions& o, RunContext& context) {
  double duration_s = 0;
  auto roles = probe_roles(o.inputs, context.stop, duration_s);
  if (!roles.ok()) return roles.error();
  Progress progress{context};
  progress.total_s = duration_s * double(roles->video.size() + (roles->audio ? 1 : 0));

  PresentationDescription p;
  p.profile = o.profile;
  p.segment_duration_s = o.segment_duration_s;
  if (o.encryption) p.protection = describe_protection(*o.encryption);
  std::vector<std::vector<double>> starts;
  std::optional<double> video_end_s;
  for (size_t i = 0; i < roles->video.size(); ++i) {
    auto v = copy_video(o, roles->video[i], "v" + std::to_string(i), progress);
    if (!v.ok()) return v.error();
    starts.push_back(v->starts_s);
    video_end_s = video_end_s ? std::min(*video_end_s, v->end_s) : v->end_s;
    p.representations.push_back(std::move(v->description));
    progress.done_before_s += duration_s;
  }
  DS_RETURN_IF_ERROR(check_alignment(roles->video, starts, kAlignmentToleranceS));
  if (roles->audio) {
    auto a = copy_audio(o, *roles->audio, starts.empty() ? std::vector<double>{} : starts.front(), video_end_s,
                        progress);
    if (!a.ok()) return a.error();
    p.representations.push_back(std::move(*a));
  }
  if (context.progress != nullptr) context.progress->on_end();
  return p;
}

}  // namespace packager
