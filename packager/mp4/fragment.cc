#include "packager/mp4/fragment.h"

#include <algorithm>

#include "packager/mp4/box_writer.h"

namespace packager::mp4 {
namespace {

// Sample flags (ISO/IEC 14496-12 8.8.3.1): sync samples depend on nothing
// (sample_depends_on = 2); others depend on earlier ones and are non-sync.
constexpr uint32_t kSyncSampleFlags = 0x02000000;
constexpr uint32_t kNonSyncSampleFlags = 0x01010000;

constexpr uint32_t kTfhdDefaultBaseIsMoof = 0x020000;
constexpr uint32_t kTrunDataOffset = 0x000001;
constexpr uint32_t kTrunDuration = 0x000100;
constexpr uint32_t kTrunSize = 0x000200;
constexpr uint32_t kTrunFlags = 0x000400;
constexpr uint32_t kTrunCompositionOffset = 0x000800;

}  // namespace

std::vector<uint8_t> build_styp() {
  std::vector<uint8_t> out;
  BoxWriter w(out);
  size_t b = w.begin("styp");
  w.fourcc("msdh");
  w.u32(0);
  for (const char* brand : {"msdh", "msix", "cmfs"}) w.fourcc(brand);
  w.end(b);
  return out;
}

namespace {

constexpr uint32_t kSencUseSubsamples = 0x2;

// senc (ISO/IEC 23001-7 7.2), then saiz and saio locating its per-sample
// entries; returns the offset in `w` of saio's offset field, to patch.
size_t sample_encryption(BoxWriter& w, const std::vector<SampleEncryption>& samples, size_t& first_entry_at) {
  bool subsamples = false;
  for (const auto& s : samples) subsamples = subsamples || !s.subsamples.empty();
  const size_t senc = w.begin_full("senc", 0, subsamples ? kSencUseSubsamples : 0);
  w.u32(static_cast<uint32_t>(samples.size()));
  first_entry_at = w.size();
  std::vector<uint8_t> sizes;
  for (const auto& s : samples) {
    const size_t before = w.size();
    w.bytes(s.iv);
    if (subsamples) {
      w.u16(static_cast<uint16_t>(s.subsamples.size()));
      for (const auto& sub : s.subsamples) {
        w.u16(sub.clear_bytes);
        w.u32(sub.protected_bytes);
      }
    }
    sizes.push_back(static_cast<uint8_t>(w.size() - before));
  }
  w.end(senc);
  const bool same = std::all_of(sizes.begin(), sizes.end(), [&](uint8_t v) { return v == sizes.front(); });
  const size_t saiz = w.begin_full("saiz", 0, 0);
  w.u8(same && !sizes.empty() ? sizes.front() : 0);  // default_sample_info_size
  w.u32(static_cast<uint32_t>(sizes.size()));
  if (!same) w.bytes(sizes);
  w.end(saiz);
  const size_t saio = w.begin_full("saio", 0, 0);
  w.u32(1);  // entry_count: one run, the senc entries
  const size_t offset_at = w.size();
  w.u32(0);
  w.end(saio);
  return offset_at;
}

}  // namespace

std::vector<uint8_t> build_fragment_header(uint32_t track_id, uint32_t sequence_number, uint64_t base_decode_ticks,
                                           const std::vector<FragmentSample>& samples, bool video,
                                           const std::vector<SampleEncryption>* encryption) {
  std::vector<uint8_t> out;
  BoxWriter w(out);
  size_t moof = w.begin("moof");
  size_t mfhd = w.begin_full("mfhd", 0, 0);
  w.u32(sequence_number);
  w.end(mfhd);
  size_t traf = w.begin("traf");
  size_t tfhd = w.begin_full("tfhd", 0, kTfhdDefaultBaseIsMoof);
  w.u32(track_id);
  w.end(tfhd);
  size_t tfdt = w.begin_full("tfdt", 1, 0);
  w.u64(base_decode_ticks);
  w.end(tfdt);
  uint32_t flags = kTrunDataOffset | kTrunDuration | kTrunSize | kTrunFlags;
  if (video) flags |= kTrunCompositionOffset;
  bool negative = false;
  for (const auto& s : samples) negative = negative || s.composition_offset_ticks < 0;
  size_t trun = w.begin_full("trun", negative ? 1 : 0, flags);
  w.u32(static_cast<uint32_t>(samples.size()));
  const size_t data_offset_at = w.size();
  w.u32(0);  // data_offset, patched below
  uint64_t payload_bytes = 0;
  for (const auto& s : samples) {
    w.u32(s.duration_ticks);
    w.u32(s.size_bytes);
    w.u32(s.sync ? kSyncSampleFlags : kNonSyncSampleFlags);
    if (video) w.u32(static_cast<uint32_t>(s.composition_offset_ticks));
    payload_bytes += s.size_bytes;
  }
  w.end(trun);
  // Nothing per sample (a constant IV, whole samples: 'cbcs' audio): the tenc
  // defaults say it all, and a saiz of zero-sized entries would need a table.
  const bool auxiliary = encryption != nullptr && std::any_of(encryption->begin(), encryption->end(), [](const auto& e) {
                           return !e.iv.empty() || !e.subsamples.empty();
                         });
  if (auxiliary) {
    size_t first_entry_at = 0;
    const size_t saio_offset_at = sample_encryption(w, *encryption, first_entry_at);
    w.patch_u32(saio_offset_at, static_cast<uint32_t>(first_entry_at - moof));  // relative to the moof (default-base-is-moof)
  }
  w.end(traf);
  w.end(moof);
  constexpr uint32_t kMdatHeaderBytes = 8;
  w.patch_u32(data_offset_at, static_cast<uint32_t>(w.size() - moof + kMdatHeaderBytes));
  w.u32(static_cast<uint32_t>(payload_bytes + kMdatHeaderBytes));
  w.fourcc("mdat");
  return out;
}

std::vector<uint8_t> build_sidx(uint32_t track_id, uint32_t timescale, uint64_t earliest_presentation_ticks,
                                const std::vector<SidxEntry>& entries) {
  std::vector<uint8_t> out;
  BoxWriter w(out);
  size_t b = w.begin_full("sidx", 1, 0);
  w.u32(track_id);
  w.u32(timescale);
  w.u64(earliest_presentation_ticks);
  w.u64(0);  // first_offset: the first subsegment follows the sidx
  w.u16(0);
  w.u16(static_cast<uint16_t>(entries.size()));
  for (const auto& e : entries) {
    w.u32(e.size_bytes & 0x7fffffff);  // reference_type 0: media
    w.u32(e.duration_ticks);
    w.u32(0x90000000);  // starts_with_SAP 1, SAP_type 1, delta 0
  }
  w.end(b);
  return out;
}

}  // namespace packager::mp4
