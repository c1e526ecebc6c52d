// Media fragments of one track: `styp`, `moof` (mfhd, traf with tfhd, tfdt
// and a version-1 trun) + the `mdat` header, and the `sidx` of an on-demand
// file. Sample data is not copied here: the caller writes the header bytes
// and then the samples' payload.
#pragma once

#include <cstdint>
#include <vector>

#include "packager/mp4/protection.h"

namespace packager::mp4 {

struct FragmentSample {
  uint32_t size_bytes = 0;
  uint32_t duration_ticks = 0;
  int32_t composition_offset_ticks = 0;  // pts - dts (negative ones need trun version 1)
  bool sync = false;
};

// 'styp' that opens every media segment of the live profile.
std::vector<uint8_t> build_styp();

// moof + mdat header for `samples`, whose payload (sum of sizes) follows the
// returned bytes directly. `base_decode_ticks` goes into tfdt. With
// `encryption` (one entry per sample), the traf also carries 'senc' and the
// 'saiz'/'saio' that point at it (unless no sample has an IV or subsamples).
std::vector<uint8_t> build_fragment_header(uint32_t track_id, uint32_t sequence_number, uint64_t base_decode_ticks,
                                           const std::vector<FragmentSample>& samples, bool video,
                                           const std::vector<SampleEncryption>* encryption = nullptr);

struct SidxEntry {
  uint32_t size_bytes = 0;  // moof + mdat of the subsegment
  uint32_t duration_ticks = 0;
};

// A version-1 sidx indexing consecutive subsegments that start right after
// it (first_offset 0), each starting with a SAP of type 1.
std::vector<uint8_t> build_sidx(uint32_t track_id, uint32_t timescale, uint64_t earliest_presentation_ticks,
                                const std::vector<SidxEntry>& entries);

}  // namespace packager::mp4
