#include "player/text/fragment_samples.h"

#include <limits>

namespace player::text {
namespace {

using media::Box;
using media::fourcc;

// tfhd flags (ISO/IEC 14496-12 8.8.7).
constexpr uint32_t kBaseDataOffsetPresent = 0x000001;
constexpr uint32_t kSampleDescriptionIndexPresent = 0x000002;
constexpr uint32_t kDefaultDurationPresent = 0x000008;
constexpr uint32_t kDefaultSizePresent = 0x000010;
constexpr uint32_t kDefaultFlagsPresent = 0x000020;
// trun flags (8.8.8).
constexpr uint32_t kDataOffsetPresent = 0x000001;
constexpr uint32_t kFirstSampleFlagsPresent = 0x000004;
constexpr uint32_t kDurationPresent = 0x000100;
constexpr uint32_t kSizePresent = 0x000200;
constexpr uint32_t kFlagsPresent = 0x000400;
constexpr uint32_t kCompositionOffsetPresent = 0x000800;
// A text segment holds a few samples per cue change; more is a hostile trun.
constexpr uint32_t kMaxSamplesPerTrun = 100'000;

media::Error parse_error(const std::string& why) { return media::make_error(media::ErrorCode::kParse, why); }

// Big-endian reads that fail instead of running past the end.
class Reader {
 public:
  explicit Reader(media::Bytes data) : data_(data) {}
  bool u8(uint8_t& v) { return take(1, v); }
  bool u32(uint32_t& v) { return take(4, v); }
  bool u64(uint64_t& v) { return take(8, v); }
  bool full_box_header(uint8_t& version, uint32_t& flags) {
    uint32_t word = 0;
    if (!u32(word)) return false;
    version = static_cast<uint8_t>(word >> 24);
    flags = word & 0xffffff;
    return true;
  }

 private:
  template <typename T>
  bool take(size_t n, T& v) {
    if (data_.size() - pos_ < n) return false;
    uint64_t x = 0;
    for (size_t i = 0; i < n; ++i) x = (x << 8) | data_[pos_ + i];
    pos_ += n;
    v = static_cast<T>(x);
    return true;
  }
  media::Bytes data_;
  size_t pos_ = 0;
};

struct TrafDefaults {
  std::optional<uint64_t> base_data_offset;
  uint32_t duration = 0;
  uint32_t size = 0;
};

media::Result<TrafDefaults> read_tfhd(const Box& tfhd, const std::optional<media::TrackDefaults>& trex) {
  Reader r(tfhd.payload);
  uint8_t version = 0;
  uint32_t flags = 0, track_id = 0, ignored = 0;
  TrafDefaults d;
  if (trex) {
    d.duration = trex->sample_duration;
    d.size = trex->sample_size;
  }
  if (!r.full_box_header(version, flags) || !r.u32(track_id)) return parse_error("truncated 'tfhd'");
  if (flags & kBaseDataOffsetPresent) {
    uint64_t offset = 0;
    if (!r.u64(offset)) return parse_error("truncated 'tfhd'");
    d.base_data_offset = offset;
  }
  if ((flags & kSampleDescriptionIndexPresent) && !r.u32(ignored)) return parse_error("truncated 'tfhd'");
  if ((flags & kDefaultDurationPresent) && !r.u32(d.duration)) return parse_error("truncated 'tfhd'");
  if ((flags & kDefaultSizePresent) && !r.u32(d.size)) return parse_error("truncated 'tfhd'");
  if ((flags & kDefaultFlagsPresent) && !r.u32(ignored)) return parse_error("truncated 'tfhd'");
  return d;
}

media::Result<uint64_t> read_tfdt(const Box& tfdt) {
  Reader r(tfdt.payload);
  uint8_t version = 0;
  uint32_t flags = 0;
  if (!r.full_box_header(version, flags)) return parse_error("truncated 'tfdt'");
  if (version == 1) {
    uint64_t t = 0;
    if (!r.u64(t)) return parse_error("truncated 'tfdt'");
    return t;
  }
  uint32_t t = 0;
  if (!r.u32(t)) return parse_error("truncated 'tfdt'");
  return uint64_t{t};
}

// Appends one trun's samples; `next_data` is where its data starts when the
// trun names no offset, and is moved past them.
media::Status read_trun(const Box& trun, const TrafDefaults& d, uint64_t base, media::Bytes segment,
                        uint64_t& decode_ticks, uint64_t& next_data, std::vector<TimedSample>& out) {
  Reader r(trun.payload);
  uint8_t version = 0;
  uint32_t flags = 0, count = 0, ignored = 0;
  if (!r.full_box_header(version, flags) || !r.u32(count)) return parse_error("truncated 'trun'");
  if (count > kMaxSamplesPerTrun) return parse_error("'trun' lists " + std::to_string(count) + " samples");
  if (flags & kDataOffsetPresent) {
    uint32_t offset = 0;
    if (!r.u32(offset)) return parse_error("truncated 'trun'");
    next_data = base + static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(offset)));
  }
  if ((flags & kFirstSampleFlagsPresent) && !r.u32(ignored)) return parse_error("truncated 'trun'");
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t duration = d.duration, size = d.size, cto = 0;
    if ((flags & kDurationPresent) && !r.u32(duration)) return parse_error("truncated 'trun'");
    if ((flags & kSizePresent) && !r.u32(size)) return parse_error("truncated 'trun'");
    if ((flags & kFlagsPresent) && !r.u32(ignored)) return parse_error("truncated 'trun'");
    if ((flags & kCompositionOffsetPresent) && !r.u32(cto)) return parse_error("truncated 'trun'");
    if (next_data > segment.size() || size > segment.size() - next_data)
      return parse_error("sample " + std::to_string(i) + " of a 'trun' lies outside the segment (" +
                         std::to_string(segment.size()) + " bytes)");
    // Version 1 offsets are signed; text tracks rarely use them at all.
    const int64_t offset = version == 1 ? static_cast<int32_t>(cto) : static_cast<int64_t>(cto);
    out.push_back({static_cast<int64_t>(decode_ticks) + offset, duration, segment.subspan(next_data, size)});
    decode_ticks += duration;
    next_data += size;
  }
  if (decode_ticks > static_cast<uint64_t>(std::numeric_limits<int64_t>::max() / 2))
    return parse_error("sample times overflow");
  return {};
}

}  // namespace

media::Result<std::vector<TimedSample>> fragment_samples(media::Bytes segment,
                                                         const std::optional<media::TrackDefaults>& defaults) {
  auto boxes = media::read_boxes(segment);
  if (!boxes.ok()) return boxes.error();
  std::vector<TimedSample> out;
  bool any_moof = false;
  for (const Box& moof : *boxes) {
    if (moof.type != fourcc("moof")) continue;
    any_moof = true;
    auto children = media::read_boxes(moof.payload, moof.offset + moof.header_size);
    if (!children.ok()) return children.error();
    for (const Box& traf : *children) {
      if (traf.type != fourcc("traf")) continue;
      auto parts = media::read_boxes(traf.payload, traf.offset + traf.header_size);
      if (!parts.ok()) return parts.error();
      auto tfhd = media::find_box(*parts, fourcc("tfhd"));
      if (!tfhd) return parse_error("'traf' without 'tfhd'");
      auto d = read_tfhd(*tfhd, defaults);
      if (!d.ok()) return d.error();
      uint64_t decode_ticks = 0;
      if (auto tfdt = media::find_box(*parts, fourcc("tfdt"))) {
        auto t = read_tfdt(*tfdt);
        if (!t.ok()) return t.error();
        decode_ticks = *t;
      }
      // Without a base-data-offset, offsets count from the moof (default-base-is-moof,
      // and the first traf of the classic rule; CMAF writers always use it).
      const uint64_t base = d->base_data_offset.value_or(moof.offset);
      uint64_t next_data = base;
      for (const Box& trun : *parts)
        if (trun.type == fourcc("trun"))
          if (auto st = read_trun(trun, *d, base, segment, decode_ticks, next_data, out); !st.ok()) return st.error();
    }
  }
  if (!any_moof) return parse_error("no 'moof' in the segment");
  return out;
}

}  // namespace player::text
