// ChunkAssembler on any body, cut into pieces of any size (the first byte
// picks the sizes): never a crash, and what it hands on is the body's own
// bytes in order, each chunk ending with an 'mdat' box.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "player/session/chunk_assembler.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t piece = 1 + data[0] % 64;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  player::ChunkAssembler assembler;
  std::string handed;
  double t = 0;
  for (size_t at = 0; at < body.size(); at += piece, t += 0.001)
    for (auto& chunk : assembler.add(body.substr(at, piece), t)) {
      if (chunk.offset != handed.size() || chunk.bytes.size() < 8) std::abort();
      handed += chunk.bytes;
    }
  if (handed != body.substr(0, handed.size()) || assembler.handed_bytes() != handed.size()) std::abort();
  if (assembler.timed_s() < 0 || assembler.timed_bytes() > handed.size()) std::abort();
  return 0;
}
