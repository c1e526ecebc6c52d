#include "packager/segmenter.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

#include "media/file_io.h"
#include "packager/mp4/prft.h"

namespace packager {
namespace {

constexpr uint64_t kMaxOnDemandSegments = 0xffff;  // sidx reference_count is 16 bits
constexpr double kPeakSample = 255.0;               // 8-bit luma

media::Error segment_error(const std::string& rep_id, std::string why) {
  return media::make_error(media::ErrorCode::kInternal, "representation " + rep_id + ": " + std::move(why));
}

std::optional<double> psnr_db(uint64_t sse, uint64_t pixels) {
  if (pixels == 0) return std::nullopt;
  if (sse == 0) return kMaxPsnrDb;
  const double mse = double(sse) / double(pixels);
  return std::min(kMaxPsnrDb, 10.0 * std::log10(kPeakSample * kPeakSample / mse));
}

}  // namespace

media::Result<std::unique_ptr<Segmenter>> Segmenter::create(SegmenterConfig config, OutputFiles& files,
                                                            SegmentSink& sink) {
  if (config.encryptor) config.track.protection = config.encryptor->protection();
  std::unique_ptr<Segmenter> s(new Segmenter(std::move(config), files, sink));
  DS_RETURN_IF_ERROR(s->prepare_files());
  return s;
}

media::Status Segmenter::write_init(int64_t decode_delay_ticks) {
  config_.track.edit_media_time_ticks = decode_delay_ticks;
  init_ = mp4::build_init_segment(config_.track);
  files_info_.init_size_bytes = init_.size();
  if (config_.live_output)
    return media::write_file_atomic(files_.dir() / files_info_.init_name,
                                    std::string_view(reinterpret_cast<const char*>(init_.data()), init_.size()));
  if (config_.profile == Profile::kLive) return write_whole_file(files_.temp_path(files_info_.init_name), init_);
  return {};
}

media::Status Segmenter::prepare_files() {
  const std::string& id = config_.rep_id;
  if (config_.live_output) {
    if (config_.profile != Profile::kLive) return segment_error(id, "live output needs a file per segment");
    files_info_.init_name = config_.live_output->init_name;
    files_info_.media_template = id + "-$Number$.m4s";
    sequence_ = config_.live_output->first_number - 1;
    return {};
  }
  if (config_.profile == Profile::kLive) {
    files_info_.init_name = id + "-init.mp4";
    files_info_.media_template = id + "-$Number$.m4s";
    return {};
  }
  files_info_.single_file = id + ".mp4";
  media_path_ = files_.scratch_path(id + ".mp4.media");
  auto w = FileWriter::open(media_path_);
  if (!w.ok()) return w.error();
  media_file_ = std::move(*w);
  return {};
}

media::Status Segmenter::add(const Sample& sample, std::span<const uint8_t> data) {
  if (!decode_delay_ticks_) {
    if (!sample.sync) return segment_error(config_.rep_id, "the first sample is not a key frame");
    decode_delay_ticks_ = sample.pts_ticks - sample.dts_ticks;
    if (*decode_delay_ticks_ < 0 || sample.pts_ticks < 0)
      return segment_error(config_.rep_id, "the first sample has pts " + std::to_string(sample.pts_ticks) +
                                               " before its dts " + std::to_string(sample.dts_ticks));
    DS_RETURN_IF_ERROR(write_init(*decode_delay_ticks_));
  } else if (sample.dts_ticks <= *last_dts_ticks_) {
    return segment_error(config_.rep_id, "decode times do not increase (" + std::to_string(*last_dts_ticks_) +
                                             " then " + std::to_string(sample.dts_ticks) + ")");
  }
  if (data.size() > std::numeric_limits<uint32_t>::max() / 2)
    return segment_error(config_.rep_id, "sample of " + std::to_string(data.size()) + " bytes");
  const bool segment_open = !pending_.empty() || live_open_;
  if (sample.sync && segment_open && sample.pts_ticks >= config_.boundary_ticks(next_boundary_index_)) {
    if (config_.live_output) {
      DS_RETURN_IF_ERROR(write_live_chunk(sample.dts_ticks));
      DS_RETURN_IF_ERROR(complete_live_segment());
    } else {
      DS_RETURN_IF_ERROR(flush(sample.dts_ticks));
    }
  }
  if (pending_.empty() && !live_open_) {
    // Skip boundaries this segment already passed (a source with sparse key frames).
    while (config_.boundary_ticks(next_boundary_index_) <= sample.pts_ticks) ++next_boundary_index_;
  }
  last_dts_ticks_ = sample.dts_ticks;
  pending_.push_back({sample, static_cast<uint32_t>(data.size())});
  payload_.insert(payload_.end(), data.begin(), data.end());
  // A chunk goes out as soon as it spans the chunk duration (this sample's
  // own duration counted), not one sample later.
  if (config_.live_output && config_.live_output->chunk_ticks > 0) {
    const int64_t end_ticks = sample.dts_ticks + sample.duration_ticks;
    if (sample.duration_ticks > 0 && end_ticks - pending_.front().sample.dts_ticks >= config_.live_output->chunk_ticks)
      DS_RETURN_IF_ERROR(write_live_chunk(end_ticks));
  }
  return {};
}

media::Result<Segmenter::Fragment> Segmenter::build_fragment(std::optional<int64_t> next_dts_ticks) {
  const int64_t delay = *decode_delay_ticks_;
  std::vector<mp4::FragmentSample> samples;
  samples.reserve(pending_.size());
  Fragment f;
  f.earliest_pts_ticks = std::numeric_limits<int64_t>::max();
  for (size_t i = 0; i < pending_.size(); ++i) {
    const Sample& s = pending_[i].sample;
    int64_t d = i + 1 < pending_.size() ? pending_[i + 1].sample.dts_ticks - s.dts_ticks
                                        : (next_dts_ticks ? *next_dts_ticks - s.dts_ticks : s.duration_ticks);
    if (d < 0 || d > std::numeric_limits<uint32_t>::max())
      return segment_error(config_.rep_id, "sample duration " + std::to_string(d) + " out of range");
    const int64_t cto = s.pts_ticks - s.dts_ticks;
    if (cto < std::numeric_limits<int32_t>::min() || cto > std::numeric_limits<int32_t>::max())
      return segment_error(config_.rep_id, "composition offset out of range");
    samples.push_back({pending_[i].size_bytes, static_cast<uint32_t>(d), static_cast<int32_t>(cto), s.sync});
    f.duration_ticks += d;
    f.earliest_pts_ticks = std::min(f.earliest_pts_ticks, s.pts_ticks);
    f.luma_sse += s.luma_sse;
    f.luma_pixels += s.luma_pixels;
  }
  f.base_decode_ticks = pending_.front().sample.dts_ticks + delay;
  std::vector<mp4::SampleEncryption> encryption;
  if (config_.encryptor) {
    size_t offset = 0;
    for (const auto& p : pending_) {
      auto e = config_.encryptor->encrypt(std::span<uint8_t>(payload_).subspan(offset, p.size_bytes));
      if (!e.ok()) return segment_error(config_.rep_id, e.error().message);
      encryption.push_back(std::move(*e));
      offset += p.size_bytes;
    }
  }
  f.header = mp4::build_fragment_header(config_.track.track_id, ++fragment_sequence_,
                                        static_cast<uint64_t>(f.base_decode_ticks), samples, config_.track.is_video(),
                                        config_.encryptor ? &encryption : nullptr);
  end_decode_ticks_ = f.base_decode_ticks + f.duration_ticks;
  return f;
}

media::Status Segmenter::flush(std::optional<int64_t> next_dts_ticks) {
  if (pending_.empty()) return {};
  auto fragment = build_fragment(next_dts_ticks);
  if (!fragment.ok()) return fragment.error();
  const Fragment& f = *fragment;
  ++sequence_;
  SegmentWritten event;
  event.rep_id = config_.rep_id;
  event.index = sequence_;
  event.start_ticks = f.earliest_pts_ticks;
  event.duration_ticks = f.duration_ticks;
  event.psnr_db = psnr_db(f.luma_sse, f.luma_pixels);
  if (config_.profile == Profile::kLive) {
    static const std::vector<uint8_t> styp = mp4::build_styp();
    event.path = config_.rep_id + "-" + std::to_string(sequence_) + ".m4s";
    auto w = FileWriter::open(files_.temp_path(event.path));
    if (!w.ok()) return w.error();
    DS_RETURN_IF_ERROR(w->write(styp));
    DS_RETURN_IF_ERROR(w->write(f.header));
    DS_RETURN_IF_ERROR(w->write(payload_));
    event.size_bytes = w->bytes_written();
    DS_RETURN_IF_ERROR(w->close());
    sink_.on_segment(event);
  } else {
    if (sequence_ > kMaxOnDemandSegments)
      return segment_error(config_.rep_id, "more than 65535 segments for one sidx; use a longer --segment-duration");
    const uint64_t before = media_file_.bytes_written();
    DS_RETURN_IF_ERROR(media_file_.write(f.header));
    DS_RETURN_IF_ERROR(media_file_.write(payload_));
    event.size_bytes = media_file_.bytes_written() - before;
    event.offset_bytes = before;  // relative to the first fragment until assembly
    if (!earliest_pts_ticks_) earliest_pts_ticks_ = f.earliest_pts_ticks;
    sidx_entries_.push_back({static_cast<uint32_t>(event.size_bytes), static_cast<uint32_t>(f.duration_ticks)});
    on_demand_segments_.push_back(std::move(event));
  }
  pending_.clear();
  payload_.clear();
  return {};
}

media::Status Segmenter::write_live_chunk(std::optional<int64_t> next_dts_ticks) {
  if (pending_.empty()) return {};
  auto fragment = build_fragment(next_dts_ticks);
  if (!fragment.ok()) return fragment.error();
  const Fragment& f = *fragment;
  const LiveOutput& live = *config_.live_output;
  const bool starts_segment = !live_open_;
  if (starts_segment) {
    ++sequence_;
    live_segment_ = SegmentWritten{};
    live_segment_.rep_id = config_.rep_id;
    live_segment_.index = sequence_;
    live_segment_.start_ticks = f.earliest_pts_ticks;
    live_segment_.path = config_.rep_id + "-" + std::to_string(sequence_) + ".m4s";
    auto w = FileWriter::open(files_.dir() / (live_segment_.path + kGrowingSuffix));
    if (!w.ok()) return w.error();
    live_file_ = std::move(*w);
    live_open_ = true;
    live_sse_ = live_pixels_ = 0;
    static const std::vector<uint8_t> styp = mp4::build_styp();
    DS_RETURN_IF_ERROR(live_file_.write(styp));
  }
  const double captured_s = live.capture_unix_s ? live.capture_unix_s(f.base_decode_ticks) : 0;
  DS_RETURN_IF_ERROR(live_file_.write(
      mp4::build_prft(config_.track.track_id, captured_s, static_cast<uint64_t>(f.base_decode_ticks))));
  DS_RETURN_IF_ERROR(live_file_.write(f.header));
  DS_RETURN_IF_ERROR(live_file_.write(payload_));
  DS_RETURN_IF_ERROR(live_file_.flush());  // readers see the chunk now
  live_segment_.start_ticks = std::min(live_segment_.start_ticks, f.earliest_pts_ticks);
  live_segment_.duration_ticks += f.duration_ticks;
  live_sse_ += f.luma_sse;
  live_pixels_ += f.luma_pixels;
  pending_.clear();
  payload_.clear();
  if (starts_segment && live.chunk_ticks > 0) {
    SegmentWritten announced = live_segment_;
    announced.duration_ticks = config_.boundary_ticks(next_boundary_index_) - live_segment_.start_ticks;
    sink_.on_segment_started(announced);
  }
  return {};
}

media::Status Segmenter::complete_live_segment() {
  if (!live_open_) return {};
  live_open_ = false;
  live_segment_.size_bytes = live_file_.bytes_written();
  live_segment_.psnr_db = psnr_db(live_sse_, live_pixels_);
  const auto final_path = files_.dir() / live_segment_.path;
  const auto growing_path = files_.dir() / (live_segment_.path + kGrowingSuffix);
  media::Status closed = live_file_.close();
  std::error_code ec;
  if (closed.ok()) std::filesystem::rename(growing_path, final_path, ec);
  if (!closed.ok() || ec) {
    std::filesystem::remove(growing_path, ec);
    if (!closed.ok()) return closed;
    return media::make_error(media::ErrorCode::kIo, "rename '" + growing_path.string() + "': " + ec.message());
  }
  sink_.on_segment(live_segment_);
  return {};
}

Segmenter::~Segmenter() {
  // A segment cut short by an error or a stop never becomes a complete file.
  if (live_open_) {
    (void)live_file_.close();
    std::error_code ec;
    std::filesystem::remove(files_.dir() / (live_segment_.path + kGrowingSuffix), ec);
  }
}

media::Status Segmenter::finish(std::optional<int64_t> end_pts_ticks) {
  if (end_pts_ticks) {
    // Drop trailing samples at or past the end (keeping payload in step).
    size_t keep = pending_.size();
    while (keep > 0 && pending_[keep - 1].sample.pts_ticks >= *end_pts_ticks) --keep;
    uint64_t keep_bytes = 0;
    for (size_t i = 0; i < keep; ++i) keep_bytes += pending_[i].size_bytes;
    pending_.resize(keep);
    payload_.resize(keep_bytes);
    if (!pending_.empty()) {
      Sample& last = pending_.back().sample;
      last.duration_ticks = std::min(last.duration_ticks, *end_pts_ticks - last.pts_ticks);
    }
  }
  if (!decode_delay_ticks_) return segment_error(config_.rep_id, "no samples to write");
  if (config_.live_output) {
    DS_RETURN_IF_ERROR(write_live_chunk(std::nullopt));
    return complete_live_segment();
  }
  DS_RETURN_IF_ERROR(flush(std::nullopt));
  if (config_.profile == Profile::kOnDemand) return assemble_on_demand();
  return {};
}

media::Status Segmenter::assemble_on_demand() {
  DS_RETURN_IF_ERROR(media_file_.close());
  auto sidx = mp4::build_sidx(config_.track.track_id, config_.track.timescale,
                              static_cast<uint64_t>(earliest_pts_ticks_.value_or(0)), sidx_entries_);
  files_info_.index_first_byte = init_.size();
  files_info_.index_last_byte = init_.size() + sidx.size() - 1;
  const uint64_t media_offset = init_.size() + sidx.size();

  auto out = FileWriter::open(files_.temp_path(files_info_.single_file));
  if (!out.ok()) return out.error();
  DS_RETURN_IF_ERROR(out->write(init_));
  DS_RETURN_IF_ERROR(out->write(sidx));
  std::ifstream in(media_path_, std::ios::binary);
  if (!in) return media::make_error(media::ErrorCode::kIo, "reopen '" + media_path_.string() + "'");
  std::vector<uint8_t> buf(1 << 20);
  while (in) {
    in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
    const auto n = static_cast<size_t>(in.gcount());
    if (n == 0) break;
    DS_RETURN_IF_ERROR(out->write(std::span<const uint8_t>(buf.data(), n)));
  }
  if (in.bad()) return media::make_error(media::ErrorCode::kIo, "read '" + media_path_.string() + "'");
  DS_RETURN_IF_ERROR(out->close());
  std::error_code ec;
  std::filesystem::remove(media_path_, ec);
  for (auto& event : on_demand_segments_) {
    event.path = files_info_.single_file;
    event.offset_bytes += media_offset;
    sink_.on_segment(event);
  }
  on_demand_segments_.clear();
  return {};
}

}  // namespace packager
