#include "player/session/chunk_assembler.h"

#include <algorithm>

namespace player {
namespace {

uint64_t read_be(std::string_view bytes, size_t at, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v = (v << 8) | static_cast<uint8_t>(bytes[at + i]);
  return v;
}

constexpr uint32_t kMdat = 0x6d646174;  // 'mdat'

}  // namespace

std::vector<ChunkAssembler::Chunk> ChunkAssembler::add(std::string_view piece, double elapsed_s) {
  std::vector<Chunk> out;
  received_ += piece.size();
  if (skip_ > 0) {
    const size_t dropped = static_cast<size_t>(std::min<uint64_t>(skip_, piece.size()));
    skip_ -= dropped;
    offset_ += dropped;
    piece.remove_prefix(dropped);
  }
  if (piece.empty() || failed_) return out;
  pending_.append(piece);
  arrivals_.emplace_back(received_, elapsed_s);
  cut(out);
  return out;
}

void ChunkAssembler::cut(std::vector<Chunk>& out) {
  size_t chunk_start = 0;
  while (pending_.size() - scan_ >= 8) {
    uint64_t size = read_be(pending_, scan_, 4);
    const auto type = static_cast<uint32_t>(read_be(pending_, scan_ + 4, 4));
    if (size == 1) {  // 64-bit size after the type
      if (pending_.size() - scan_ < 16) break;
      size = read_be(pending_, scan_ + 8, 8);
      if (size < 16) size = 0;
    }
    // Size 0 ("to the end of the file") cannot end while the segment grows.
    if (size < 8) {
      failed_ = true;
      break;
    }
    if (pending_.size() - scan_ < size) break;
    scan_ += static_cast<size_t>(size);
    if (type != kMdat) continue;
    const uint64_t first = offset_ + chunk_start;
    time_chunk(first, offset_ + scan_);
    out.push_back({pending_.substr(chunk_start, scan_ - chunk_start), first});
    chunk_start = scan_;
  }
  if (chunk_start > 0) {
    pending_.erase(0, chunk_start);
    offset_ += chunk_start;
    scan_ -= chunk_start;
  }
}

// The chunk [first, end) of the body: its bytes after the piece that brought
// its first byte, over the time from that piece to the one that completed it.
void ChunkAssembler::time_chunk(uint64_t first, uint64_t end) {
  while (!arrivals_.empty() && arrivals_.front().first <= first) arrivals_.pop_front();
  if (arrivals_.empty()) return;
  const auto [first_piece_end, started_s] = arrivals_.front();
  double finished_s = started_s;
  for (const auto& [piece_end, at_s] : arrivals_)
    if (piece_end >= end) {
      finished_s = at_s;
      break;
    }
  const uint64_t untimed = std::min(first_piece_end, end) - first;
  if (finished_s > started_s && end - first > untimed) {
    timed_bytes_ += end - first - untimed;
    timed_s_ += finished_s - started_s;
  }
}

}  // namespace player
