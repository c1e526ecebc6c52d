#include "packager/mp4/init_segment.h"

#include "packager/mp4/box_writer.h"

namespace packager::mp4 {
namespace {

constexpr uint32_t kMovieTimescale = 1000;
constexpr uint16_t kLanguageUnd = 0x55c4;  // ISO-639-2 "und", packed 5 bits per letter

// ISO-639-2/T code packed as mdhd wants it: each letter - 0x60 in 5 bits.
uint16_t packed_language(const std::string& code) {
  if (code.size() != 3) return kLanguageUnd;
  uint16_t v = 0;
  for (char c : code) {
    if (c < 'a' || c > 'z') return kLanguageUnd;
    v = static_cast<uint16_t>((v << 5) | (c - 0x60));
  }
  return v;
}

void unity_matrix(BoxWriter& w) {
  for (uint32_t v : {0x00010000u, 0u, 0u, 0u, 0x00010000u, 0u, 0u, 0u, 0x40000000u}) w.u32(v);
}

void ftyp(BoxWriter& w) {
  size_t b = w.begin("ftyp");
  w.fourcc("iso6");
  w.u32(0);
  for (const char* brand : {"iso6", "cmfc", "dash", "mp41"}) w.fourcc(brand);
  w.end(b);
}

void mvhd(BoxWriter& w, uint32_t next_track_id) {
  size_t b = w.begin_full("mvhd", 0, 0);
  w.u32(0);  // creation_time
  w.u32(0);  // modification_time
  w.u32(kMovieTimescale);
  w.u32(0);  // duration: unknown for fragmented files
  w.u32(0x00010000);  // rate 1.0
  w.u16(0x0100);      // volume 1.0
  w.zeros(10);
  unity_matrix(w);
  w.zeros(24);  // pre_defined
  w.u32(next_track_id);
  w.end(b);
}

void tkhd(BoxWriter& w, const TrackConfig& t) {
  size_t b = w.begin_full("tkhd", 0, 0x3);  // enabled, in movie
  w.u32(0);
  w.u32(0);
  w.u32(t.track_id);
  w.u32(0);  // reserved
  w.u32(0);  // duration
  w.zeros(8);
  w.u16(0);  // layer
  w.u16(0);  // alternate_group
  w.u16(std::holds_alternative<AudioTrack>(t.media) ? 0x0100 : 0);  // volume
  w.u16(0);
  unity_matrix(w);
  if (const auto* v = std::get_if<VideoTrack>(&t.media)) {
    // Display size in 16.16 fixed point: the pixel aspect ratio applied.
    const uint64_t display_w = uint64_t(v->width) * v->sar_num / (v->sar_den ? v->sar_den : 1);
    w.u32(static_cast<uint32_t>(display_w << 16));
    w.u32(v->height << 16);
  } else {
    w.u32(0);
    w.u32(0);
  }
  w.end(b);
}

void mdhd(BoxWriter& w, uint32_t timescale, const std::string& language) {
  size_t b = w.begin_full("mdhd", 0, 0);
  w.u32(0);
  w.u32(0);
  w.u32(timescale);
  w.u32(0);
  w.u16(packed_language(language));
  w.u16(0);
  w.end(b);
}

void hdlr(BoxWriter& w, const TrackConfig& t) {
  size_t b = w.begin_full("hdlr", 0, 0);
  w.u32(0);
  w.fourcc(t.is_video() ? "vide" : t.is_text() ? "text" : "soun");
  w.zeros(12);
  const char* name = t.is_video() ? "VideoHandler" : t.is_text() ? "TextHandler" : "SoundHandler";
  for (const char* p = name; *p; ++p) w.u8(uint8_t(*p));
  w.u8(0);
  w.end(b);
}

// ProtectionSchemeInfoBox (ISO/IEC 23001-7 4.1): what the sample entry
// was before encryption, the scheme, and the track's encryption defaults.
void sinf(BoxWriter& w, const std::string& original_format, const TrackProtection& p) {
  const size_t b = w.begin("sinf");
  const size_t frma = w.begin("frma");
  w.fourcc(original_format);
  w.end(frma);
  const size_t schm = w.begin_full("schm", 0, 0);
  w.fourcc(p.scheme);
  w.u32(0x00010000);  // scheme_version 1.0
  w.end(schm);
  const size_t schi = w.begin("schi");
  const bool pattern = p.crypt_byte_block != 0 || p.skip_byte_block != 0;
  const size_t tenc = w.begin_full("tenc", pattern ? 1 : 0, 0);
  w.u8(0);
  w.u8(pattern ? uint8_t(p.crypt_byte_block << 4 | p.skip_byte_block) : 0);
  w.u8(1);  // default_isProtected
  w.u8(p.per_sample_iv_size);
  w.bytes(p.key_id);
  if (p.per_sample_iv_size == 0) {
    w.u8(static_cast<uint8_t>(p.constant_iv.size()));
    w.bytes(p.constant_iv);
  }
  w.end(tenc);
  w.end(schi);
  w.end(b);
}

// VisualSampleEntry (ISO/IEC 14496-12 12.1.3) with the codec's configuration box.
void visual_sample_entry(BoxWriter& w, const VideoTrack& v, const std::optional<TrackProtection>& protection) {
  size_t b = w.begin(protection ? "encv" : v.sample_entry);
  w.zeros(6);
  w.u16(1);  // data_reference_index
  w.zeros(16);  // pre_defined, reserved
  w.u16(static_cast<uint16_t>(v.width));
  w.u16(static_cast<uint16_t>(v.height));
  w.u32(0x00480000);  // 72 dpi
  w.u32(0x00480000);
  w.u32(0);
  w.u16(1);  // frame_count
  w.zeros(32);  // compressorname
  w.u16(0x0018);  // depth
  w.u16(0xffff);  // pre_defined = -1
  size_t c = w.begin(v.config_box);
  w.bytes(v.config);
  w.end(c);
  size_t p = w.begin("pasp");
  w.u32(v.sar_num ? v.sar_num : 1);
  w.u32(v.sar_den ? v.sar_den : 1);
  w.end(p);
  if (protection) sinf(w, v.sample_entry, *protection);
  w.end(b);
}

// An MPEG-4 descriptor header with a 4-byte size field (always valid).
void descriptor(BoxWriter& w, uint8_t tag, uint32_t size) {
  w.u8(tag);
  w.u8(uint8_t(0x80 | ((size >> 21) & 0x7f)));
  w.u8(uint8_t(0x80 | ((size >> 14) & 0x7f)));
  w.u8(uint8_t(0x80 | ((size >> 7) & 0x7f)));
  w.u8(uint8_t(size & 0x7f));
}

void esds(BoxWriter& w, const AudioTrack& a, uint32_t track_id) {
  size_t b = w.begin_full("esds", 0, 0);
  const uint32_t asc_size = static_cast<uint32_t>(a.audio_specific_config.size());
  const uint32_t dsi_size = 5 + asc_size;
  const uint32_t dcd_size = 13 + dsi_size;
  const uint32_t sl_size = 5 + 1;
  descriptor(w, 0x03, 3 + (5 + dcd_size) + sl_size);  // ES_Descriptor
  w.u16(static_cast<uint16_t>(track_id));
  w.u8(0);  // no stream dependence, URL or OCR
  descriptor(w, 0x04, dcd_size);  // DecoderConfigDescriptor
  w.u8(0x40);  // objectTypeIndication: MPEG-4 Audio
  w.u8(0x15);  // streamType 5 (audio) << 2 | upStream 0 | reserved 1
  w.u24(0);    // bufferSizeDB
  w.u32(a.max_rate_bps);
  w.u32(a.avg_rate_bps);
  descriptor(w, 0x05, asc_size);  // DecoderSpecificInfo
  w.bytes(a.audio_specific_config);
  descriptor(w, 0x06, 1);  // SLConfigDescriptor
  w.u8(0x02);              // predefined: MP4
  w.end(b);
}

void mp4a(BoxWriter& w, const AudioTrack& a, uint32_t track_id, const std::optional<TrackProtection>& protection) {
  size_t b = w.begin(protection ? "enca" : "mp4a");
  w.zeros(6);
  w.u16(1);
  w.zeros(8);
  w.u16(a.channels);
  w.u16(16);  // samplesize
  w.u16(0);
  w.u16(0);
  w.u32(a.sample_rate <= 0xffff ? a.sample_rate << 16 : 0);
  esds(w, a, track_id);
  if (protection) sinf(w, "mp4a", *protection);
  w.end(b);
}

void wvtt(BoxWriter& w, const TextTrack& text) {
  size_t b = w.begin("wvtt");
  w.zeros(6);
  w.u16(1);  // data_reference_index
  size_t c = w.begin("vttC");
  w.bytes({reinterpret_cast<const uint8_t*>(text.config.data()), text.config.size()});
  w.end(c);
  w.end(b);
}

void empty_table(BoxWriter& w, const char* type, int extra_zero_words) {
  size_t b = w.begin_full(type, 0, 0);
  for (int i = 0; i < extra_zero_words; ++i) w.u32(0);
  w.end(b);
}

void stbl(BoxWriter& w, const TrackConfig& t) {
  size_t b = w.begin("stbl");
  size_t d = w.begin_full("stsd", 0, 0);
  w.u32(1);
  if (const auto* v = std::get_if<VideoTrack>(&t.media)) visual_sample_entry(w, *v, t.protection);
  else if (const auto* a = std::get_if<AudioTrack>(&t.media)) mp4a(w, *a, t.track_id, t.protection);
  else wvtt(w, std::get<TextTrack>(t.media));
  w.end(d);
  empty_table(w, "stts", 1);
  empty_table(w, "stsc", 1);
  empty_table(w, "stsz", 2);
  empty_table(w, "stco", 1);
  w.end(b);
}

void minf(BoxWriter& w, const TrackConfig& t) {
  size_t b = w.begin("minf");
  if (t.is_video()) {
    size_t v = w.begin_full("vmhd", 0, 1);
    w.zeros(8);
    w.end(v);
  } else if (t.is_text()) {
    w.end(w.begin_full("nmhd", 0, 0));  // 14496-30: text tracks have a null media header
  } else {
    size_t s = w.begin_full("smhd", 0, 0);
    w.zeros(4);
    w.end(s);
  }
  size_t dinf = w.begin("dinf");
  size_t dref = w.begin_full("dref", 0, 0);
  w.u32(1);
  size_t url = w.begin_full("url ", 0, 1);  // media in the same file
  w.end(url);
  w.end(dref);
  w.end(dinf);
  stbl(w, t);
  w.end(b);
}

}  // namespace

std::vector<uint8_t> build_init_segment(const TrackConfig& t) {
  std::vector<uint8_t> out;
  BoxWriter w(out);
  ftyp(w);
  size_t moov = w.begin("moov");
  mvhd(w, t.track_id + 1);
  size_t trak = w.begin("trak");
  tkhd(w, t);
  if (t.edit_media_time_ticks > 0) {
    size_t edts = w.begin("edts");
    size_t elst = w.begin_full("elst", 0, 0);
    w.u32(1);
    w.u32(0);  // segment_duration: the whole (fragmented) track
    w.u32(static_cast<uint32_t>(t.edit_media_time_ticks));
    w.u32(0x00010000);  // media_rate 1.0
    w.end(elst);
    w.end(edts);
  }
  size_t mdia = w.begin("mdia");
  mdhd(w, t.timescale, t.language);
  hdlr(w, t);
  minf(w, t);
  w.end(mdia);
  w.end(trak);
  size_t mvex = w.begin("mvex");
  size_t trex = w.begin_full("trex", 0, 0);
  w.u32(t.track_id);
  w.u32(1);  // default_sample_description_index
  w.u32(0);  // default duration, size and flags: every fragment states its own
  w.u32(0);
  w.u32(0);
  w.end(trex);
  w.end(mvex);
  if (t.protection)
    for (const auto& pssh : t.protection->pssh) w.bytes(pssh);
  w.end(moov);
  return out;
}

}  // namespace packager::mp4
