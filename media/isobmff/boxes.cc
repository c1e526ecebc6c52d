#include "media/isobmff/boxes.h"

namespace media {
namespace {

Error box_error(std::string what) { return make_error(ErrorCode::kParse, "ISO-BMFF: " + std::move(what)); }

// Big-endian reader over a span; every read is checked.
class Reader {
 public:
  explicit Reader(Bytes data) : data_(data) {}
  bool u8(uint8_t& v) { return read(1, v); }
  bool u16(uint16_t& v) { return read(2, v); }
  bool u32(uint32_t& v) { return read(4, v); }
  bool u64(uint64_t& v) { return read(8, v); }
  bool skip(size_t n) {
    if (remaining() < n) return false;
    pos_ += n;
    return true;
  }
  size_t remaining() const { return data_.size() - pos_; }

 private:
  template <typename T>
  bool read(size_t n, T& v) {
    if (remaining() < n) return false;
    uint64_t x = 0;
    for (size_t i = 0; i < n; ++i) x = (x << 8) | data_[pos_ + i];
    v = static_cast<T>(x);
    pos_ += n;
    return true;
  }
  Bytes data_;
  size_t pos_ = 0;
};

bool read_full_box_header(Reader& r, uint8_t& version, uint32_t& flags) {
  uint32_t vf = 0;
  if (!r.u32(vf)) return false;
  version = static_cast<uint8_t>(vf >> 24);
  flags = vf & 0xffffff;
  return true;
}

Error truncated(uint32_t type) { return box_error("'" + fourcc_to_string(type) + "' box is truncated"); }

bool sample_is_sync(uint32_t sample_flags) { return ((sample_flags >> 16) & 1) == 0; }

Result<TrackFragment> parse_traf(const Box& traf, const std::optional<TrackDefaults>& defaults) {
  auto children = read_boxes(traf.payload, traf.offset + traf.header_size);
  if (!children.ok()) return children.error();
  TrackFragment frag;
  auto tfhd = find_box(*children, fourcc("tfhd"));
  if (!tfhd) return box_error("'traf' lacks 'tfhd'");
  uint32_t default_duration = defaults ? defaults->sample_duration : 0;
  uint32_t default_size = defaults ? defaults->sample_size : 0;
  uint32_t default_flags = defaults ? defaults->sample_flags : 0;
  {
    Reader r(tfhd->payload);
    uint8_t version = 0;
    uint32_t flags = 0;
    if (!read_full_box_header(r, version, flags) || !r.u32(frag.track_id)) return truncated(tfhd->type);
    if ((flags & 0x1) && !r.skip(8)) return truncated(tfhd->type);
    if ((flags & 0x2) && !r.skip(4)) return truncated(tfhd->type);
    if ((flags & 0x8) && !r.u32(default_duration)) return truncated(tfhd->type);
    if ((flags & 0x10) && !r.u32(default_size)) return truncated(tfhd->type);
    if ((flags & 0x20) && !r.u32(default_flags)) return truncated(tfhd->type);
  }
  if (auto tfdt = find_box(*children, fourcc("tfdt"))) {
    Reader r(tfdt->payload);
    uint8_t version = 0;
    uint32_t flags = 0;
    uint64_t t = 0;
    if (!read_full_box_header(r, version, flags)) return truncated(tfdt->type);
    if (version == 1) {
      if (!r.u64(t)) return truncated(tfdt->type);
    } else {
      uint32_t t32 = 0;
      if (!r.u32(t32)) return truncated(tfdt->type);
      t = t32;
    }
    frag.base_media_decode_time = t;
  }
  bool first_run = true;
  for (const Box& b : *children) {
    if (b.type != fourcc("trun")) continue;
    Reader r(b.payload);
    uint8_t version = 0;
    uint32_t flags = 0;
    uint32_t count = 0;
    if (!read_full_box_header(r, version, flags) || !r.u32(count)) return truncated(b.type);
    if ((flags & 0x1) && !r.skip(4)) return truncated(b.type);
    uint32_t first_flags = default_flags;
    if ((flags & 0x4) && !r.u32(first_flags)) return truncated(b.type);
    size_t per_sample = 4 * (((flags & 0x100) != 0) + ((flags & 0x200) != 0) + ((flags & 0x400) != 0) +
                             ((flags & 0x800) != 0));
    if (per_sample > 0 && r.remaining() / per_sample < count) return truncated(b.type);
    if (per_sample == 0) {
      frag.duration_ticks += uint64_t{count} * default_duration;
      frag.size_bytes += uint64_t{count} * default_size;
    }
    for (uint32_t i = 0; per_sample > 0 && i < count; ++i) {
      uint32_t duration = default_duration, size = default_size, sflags = default_flags, cto = 0;
      if (flags & 0x100) r.u32(duration);
      if (flags & 0x200) r.u32(size);
      if (flags & 0x400) r.u32(sflags);
      if (flags & 0x800) r.u32(cto);
      if (i == 0 && (flags & 0x4) && !(flags & 0x400)) sflags = first_flags;
      if (i == 0 && first_run) frag.first_sample_is_sync = sample_is_sync(sflags);
      frag.duration_ticks += duration;
      frag.size_bytes += size;
    }
    if (per_sample == 0 && count > 0 && first_run) frag.first_sample_is_sync = sample_is_sync(first_flags);
    if (count > 0) first_run = false;
    frag.sample_count += count;
  }
  return frag;
}

}  // namespace

std::string fourcc_to_string(uint32_t type) {
  std::string s(4, '?');
  for (int i = 0; i < 4; ++i) {
    char c = static_cast<char>((type >> (24 - 8 * i)) & 0xff);
    s[i] = (c >= 32 && c < 127) ? c : '?';
  }
  return s;
}

Result<std::vector<Box>> read_boxes(Bytes data, uint64_t base_offset, bool allow_truncated_tail) {
  std::vector<Box> boxes;
  size_t pos = 0;
  while (pos < data.size()) {
    Reader r(data.subspan(pos));
    uint32_t size32 = 0, type = 0;
    if (!r.u32(size32) || !r.u32(type)) {
      if (allow_truncated_tail) break;
      return box_error("box header truncated at byte " + std::to_string(base_offset + pos));
    }
    uint64_t size = size32;
    uint64_t header = 8;
    if (size32 == 1) {
      if (!r.u64(size)) {
        if (allow_truncated_tail) break;
        return box_error("64-bit box size truncated at byte " + std::to_string(base_offset + pos));
      }
      header = 16;
    } else if (size32 == 0) {
      size = data.size() - pos;  // box extends to the end
    }
    if (type == fourcc("uuid")) header += 16;
    if (size < header)
      return box_error("box '" + fourcc_to_string(type) + "' at byte " + std::to_string(base_offset + pos) +
                       " has size " + std::to_string(size) + " below its header");
    if (size > data.size() - pos) {
      if (allow_truncated_tail) break;
      return box_error("box '" + fourcc_to_string(type) + "' at byte " + std::to_string(base_offset + pos) +
                       " runs past the end (" + std::to_string(size) + " bytes, " +
                       std::to_string(data.size() - pos) + " left)");
    }
    Box b;
    b.type = type;
    b.offset = base_offset + pos;
    b.size = size;
    b.header_size = header;
    b.payload = data.subspan(pos + header, size - header);
    boxes.push_back(b);
    pos += size;
  }
  return boxes;
}

std::optional<Box> find_box(const std::vector<Box>& boxes, uint32_t type) {
  for (const Box& b : boxes)
    if (b.type == type) return b;
  return std::nullopt;
}

Result<std::optional<Box>> find_child(const Box& parent, uint32_t type) {
  auto children = read_boxes(parent.payload, parent.offset + parent.header_size);
  if (!children.ok()) return children.error();
  return find_box(*children, type);
}

Result<Sidx> parse_sidx(const Box& box) {
  if (box.type != fourcc("sidx")) return box_error("expected 'sidx', got '" + fourcc_to_string(box.type) + "'");
  Reader r(box.payload);
  Sidx s;
  uint32_t flags = 0;
  uint16_t reserved = 0, count = 0;
  if (!read_full_box_header(r, s.version, flags) || !r.u32(s.reference_id) || !r.u32(s.timescale))
    return truncated(box.type);
  if (s.version == 0) {
    uint32_t ept = 0, off = 0;
    if (!r.u32(ept) || !r.u32(off)) return truncated(box.type);
    s.earliest_presentation_time = ept;
    s.first_offset = off;
  } else if (s.version == 1) {
    if (!r.u64(s.earliest_presentation_time) || !r.u64(s.first_offset)) return truncated(box.type);
  } else {
    return box_error("'sidx' version " + std::to_string(s.version) + " is unknown");
  }
  if (!r.u16(reserved) || !r.u16(count)) return truncated(box.type);
  if (s.timescale == 0) return box_error("'sidx' has timescale 0");
  if (r.remaining() / 12 < count) return truncated(box.type);
  s.references.reserve(count);
  for (uint16_t i = 0; i < count; ++i) {
    uint32_t a = 0, duration = 0, c = 0;
    r.u32(a);
    r.u32(duration);
    r.u32(c);
    SidxReference ref;
    ref.references_sidx = (a >> 31) != 0;
    ref.size_bytes = a & 0x7fffffff;
    ref.duration_ticks = duration;
    ref.starts_with_sap = (c >> 31) != 0;
    ref.sap_type = static_cast<uint8_t>((c >> 28) & 0x7);
    s.references.push_back(ref);
  }
  return s;
}

Result<Prft> parse_prft(const Box& box) {
  if (box.type != fourcc("prft")) return box_error("expected 'prft', got '" + fourcc_to_string(box.type) + "'");
  Reader r(box.payload);
  Prft p;
  if (!read_full_box_header(r, p.version, p.flags) || !r.u32(p.reference_track_id) || !r.u64(p.ntp_timestamp))
    return truncated(box.type);
  if (p.version == 0) {
    uint32_t t = 0;
    if (!r.u32(t)) return truncated(box.type);
    p.media_time = t;
  } else if (p.version == 1) {
    if (!r.u64(p.media_time)) return truncated(box.type);
  } else {
    return box_error("'prft' version " + std::to_string(p.version) + " is unknown");
  }
  return p;
}

Result<std::vector<IndexedSegment>> sidx_segments(const Sidx& sidx, uint64_t sidx_end_offset) {
  std::vector<IndexedSegment> out;
  out.reserve(sidx.references.size());
  uint64_t offset = sidx_end_offset + sidx.first_offset;
  uint64_t t = sidx.earliest_presentation_time;
  for (const auto& ref : sidx.references) {
    if (ref.references_sidx) return make_error(ErrorCode::kUnsupported, "ISO-BMFF: hierarchical 'sidx' is not supported");
    if (ref.size_bytes == 0) return box_error("'sidx' reference of 0 bytes");
    out.push_back({offset, offset + ref.size_bytes - 1, t, ref.duration_ticks});
    offset += ref.size_bytes;
    t += ref.duration_ticks;
  }
  return out;
}

Result<InitInfo> parse_init_segment(Bytes data) {
  auto top = read_boxes(data);
  if (!top.ok()) return top.error();
  auto moov = find_box(*top, fourcc("moov"));
  if (!moov) return box_error("init segment lacks 'moov'");
  auto moov_children = read_boxes(moov->payload, moov->offset + moov->header_size);
  if (!moov_children.ok()) return moov_children.error();
  auto trak = find_box(*moov_children, fourcc("trak"));
  if (!trak) return box_error("'moov' lacks 'trak'");
  InitInfo info;
  auto tkhd = find_child(*trak, fourcc("tkhd"));
  if (!tkhd.ok()) return tkhd.error();
  if (!*tkhd) return box_error("'trak' lacks 'tkhd'");
  {
    Reader r((*tkhd)->payload);
    uint8_t version = 0;
    uint32_t flags = 0;
    if (!read_full_box_header(r, version, flags) || !r.skip(version == 1 ? 16 : 8) || !r.u32(info.track_id))
      return truncated(fourcc("tkhd"));
  }
  auto mdia = find_child(*trak, fourcc("mdia"));
  if (!mdia.ok()) return mdia.error();
  if (!*mdia) return box_error("'trak' lacks 'mdia'");
  auto mdhd = find_child(**mdia, fourcc("mdhd"));
  if (!mdhd.ok()) return mdhd.error();
  if (!*mdhd) return box_error("'mdia' lacks 'mdhd'");
  {
    Reader r((*mdhd)->payload);
    uint8_t version = 0;
    uint32_t flags = 0;
    if (!read_full_box_header(r, version, flags) || !r.skip(version == 1 ? 16 : 8) || !r.u32(info.timescale))
      return truncated(fourcc("mdhd"));
    if (info.timescale == 0) return box_error("'mdhd' has timescale 0");
  }
  auto hdlr = find_child(**mdia, fourcc("hdlr"));
  if (!hdlr.ok()) return hdlr.error();
  if (*hdlr) {
    Reader r((*hdlr)->payload);
    uint8_t version = 0;
    uint32_t flags = 0, predefined = 0;
    if (!read_full_box_header(r, version, flags) || !r.u32(predefined) || !r.u32(info.handler))
      return truncated(fourcc("hdlr"));
  }
  if (auto mvex = find_box(*moov_children, fourcc("mvex"))) {
    auto mvex_children = read_boxes(mvex->payload, mvex->offset + mvex->header_size);
    if (!mvex_children.ok()) return mvex_children.error();
    for (const Box& b : *mvex_children) {
      if (b.type != fourcc("trex")) continue;
      Reader r(b.payload);
      uint8_t version = 0;
      uint32_t flags = 0, sdi = 0;
      TrackDefaults d;
      if (!read_full_box_header(r, version, flags) || !r.u32(d.track_id) || !r.u32(sdi) ||
          !r.u32(d.sample_duration) || !r.u32(d.sample_size) || !r.u32(d.sample_flags))
        return truncated(b.type);
      if (d.track_id == info.track_id) info.defaults = d;
    }
  }
  return info;
}

Result<std::vector<TrackFragment>> parse_media_segment(Bytes data, const std::optional<TrackDefaults>& defaults) {
  auto top = read_boxes(data);
  if (!top.ok()) return top.error();
  std::vector<TrackFragment> fragments;
  for (const Box& box : *top) {
    if (box.type != fourcc("moof")) continue;
    auto children = read_boxes(box.payload, box.offset + box.header_size);
    if (!children.ok()) return children.error();
    for (const Box& traf : *children) {
      if (traf.type != fourcc("traf")) continue;
      auto frag = parse_traf(traf, defaults);
      if (!frag.ok()) return frag.error();
      fragments.push_back(*frag);
    }
  }
  if (fragments.empty()) return box_error("media segment has no 'moof'/'traf'");
  return fragments;
}

}  // namespace media
