// The CMAF chunks of a segment that is still being produced, cut from its
// response body as it arrives: a chunk is the boxes up to and including an
// `mdat` (styp, prft, emsg, moof, mdat), and it is handed on as soon as its
// last byte is in, so that the player can decode and play it while the
// encoder makes the next one.
//
// It also measures the network by the chunks. A growing segment's response
// idles between chunks, so bytes over the whole response give the encoder's
// pace, not the link's. Within a chunk the bytes come as fast as the link
// carries them: the bytes after the first piece of a chunk, over the time
// from that piece to the chunk's last byte, give the link's throughput (the
// chunk-based measurement of low-latency DASH players). Not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace player {

class ChunkAssembler {
 public:
  struct Chunk {
    std::string bytes;
    uint64_t offset = 0;  // of its first byte in the body
  };

  // `skip_bytes`: the first bytes of the body were handed on already (by an
  // earlier attempt at the same segment); they are dropped, not cut again.
  explicit ChunkAssembler(uint64_t skip_bytes = 0) : skip_(skip_bytes) {}

  // Adds the next piece of the body, which arrived `elapsed_s` after the
  // request; returns the chunks it completed, in order.
  std::vector<Chunk> add(std::string_view piece, double elapsed_s);

  // The body is not a sequence of boxes (or uses a box size the stream
  // cannot have): no chunk is cut any more.
  bool failed() const { return failed_; }
  // Bytes of the body handed on in chunks (skipped ones included).
  uint64_t handed_bytes() const { return offset_; }
  // The burst measurement so far: bytes timed, and the seconds they took.
  uint64_t timed_bytes() const { return timed_bytes_; }
  double timed_s() const { return timed_s_; }

 private:
  // Cuts the chunks complete in pending_.
  void cut(std::vector<Chunk>& out);
  void time_chunk(uint64_t first, uint64_t end);

  std::string pending_;  // body bytes after the last chunk handed on
  uint64_t offset_ = 0;  // body offset of pending_[0]
  uint64_t skip_;        // body bytes still to drop
  size_t scan_ = 0;      // in pending_: where the next box header starts
  bool failed_ = false;
  // Pieces not yet fully handed on: (body offset just past the piece, arrival).
  std::deque<std::pair<uint64_t, double>> arrivals_;
  uint64_t received_ = 0;  // body bytes seen, skipped ones included
  uint64_t timed_bytes_ = 0;
  double timed_s_ = 0;
};

}  // namespace player
