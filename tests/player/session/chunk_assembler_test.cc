// ChunkAssembler: CMAF chunks cut from a body that arrives in pieces, and
// the link's throughput measured within chunks, not across the idle gaps.
#include "player/session/chunk_assembler.h"

#include <gtest/gtest.h>

#include <string>

namespace player {
namespace {

std::string box(const char* type, size_t payload_bytes) {
  const size_t size = 8 + payload_bytes;
  std::string b = {static_cast<char>(size >> 24), static_cast<char>(size >> 16), static_cast<char>(size >> 8),
                   static_cast<char>(size)};
  b += type;
  b.append(payload_bytes, 'x');
  return b;
}

std::string chunk(size_t mdat_payload) { return box("prft", 24) + box("moof", 100) + box("mdat", mdat_payload); }

TEST(ChunkAssembler, CutsAChunkWhenItsMdatIsComplete) {
  const std::string body = box("styp", 16) + chunk(1000) + chunk(2000);
  const size_t first_end = 24 + chunk(1000).size();
  ChunkAssembler a;
  // Every byte but the last of the first chunk: nothing yet.
  EXPECT_TRUE(a.add(body.substr(0, first_end - 1), 0.0).empty());
  auto done = a.add(body.substr(first_end - 1, 10), 0.1);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].bytes, body.substr(0, first_end));  // styp travels with the first chunk
  EXPECT_EQ(done[0].offset, 0u);
  done = a.add(body.substr(first_end + 9), 0.2);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].bytes, chunk(2000));
  EXPECT_EQ(done[0].offset, first_end);
  EXPECT_EQ(a.handed_bytes(), body.size());
  EXPECT_FALSE(a.failed());
}

TEST(ChunkAssembler, OnePieceMayCompleteSeveralChunks) {
  const std::string body = chunk(10) + chunk(20) + chunk(30);
  ChunkAssembler a;
  auto done = a.add(body, 0.0);
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[2].bytes, chunk(30));
}

TEST(ChunkAssembler, SkipsWhatAnEarlierAttemptHandedOn) {
  const std::string body = chunk(100) + chunk(200);
  ChunkAssembler a(chunk(100).size());
  auto done = a.add(body.substr(0, 50), 0.0);
  EXPECT_TRUE(done.empty());
  done = a.add(body.substr(50), 0.1);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].bytes, chunk(200));
  EXPECT_EQ(done[0].offset, chunk(100).size());
}

TEST(ChunkAssembler, ABoxSizeBelowItsHeaderStopsCutting) {
  ChunkAssembler a;
  std::string bad = box("moof", 4);
  bad[3] = 3;  // size 3
  EXPECT_TRUE(a.add(bad + chunk(10), 0.0).empty());
  EXPECT_TRUE(a.failed());
  EXPECT_TRUE(a.add(chunk(10), 0.1).empty());
}

TEST(ChunkAssembler, ALargeSizeBoxIsRead) {
  // size 1: the 64-bit size follows the type.
  std::string mdat = {0, 0, 0, 1, 'm', 'd', 'a', 't', 0, 0, 0, 0, 0, 0, 0, 26};
  mdat.append(10, 'y');
  ChunkAssembler a;
  auto done = a.add(box("moof", 8) + mdat, 0.0);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].bytes.size(), 16u + 26u);
}

TEST(ChunkAssembler, MeasuresTheLinkWithinChunksNotAcrossTheirGaps) {
  // Two chunks of 100,000 bytes produced 0.5 s apart, each carried in ten
  // pieces over 80 ms: the link's rate is 90,000 bytes / 72 ms (the first
  // piece of a chunk only starts the clock), about 10 Mbit/s; over the whole
  // response it would look like the encoder's 1.6 Mbit/s.
  const std::string one = chunk(100000 - 148);  // prft 32 + moof 108 + mdat header 8
  ASSERT_EQ(one.size(), 100000u);
  ChunkAssembler a;
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 10; ++i) a.add(one.substr(static_cast<size_t>(i) * 10000, 10000), 0.5 * c + 0.008 * i);
  EXPECT_EQ(a.timed_bytes(), 180000u);
  EXPECT_NEAR(a.timed_s(), 2 * 0.072, 1e-9);
  EXPECT_NEAR(a.timed_bytes() * 8 / a.timed_s(), 10e6, 1e5);
}

TEST(ChunkAssembler, AChunkInOnePieceIsNotTimed) {
  ChunkAssembler a;
  a.add(chunk(5000), 0.0);
  EXPECT_EQ(a.timed_bytes(), 0u);
  EXPECT_EQ(a.timed_s(), 0);
}

TEST(ChunkAssembler, APieceSpanningTwoChunksTimesBoth) {
  // Chunk 1 ends and chunk 2 starts in the same piece: chunk 2's clock
  // starts at that piece, its bytes there are not timed.
  const std::string body = chunk(1000) + chunk(1000);
  const size_t one = chunk(1000).size();
  ChunkAssembler a;
  a.add(body.substr(0, 500), 0.0);
  a.add(body.substr(500, one), 0.01);  // ends chunk 1, starts chunk 2
  a.add(body.substr(500 + one), 0.03);
  // chunk 1: bytes after the first piece (one - 500) over 0.01 s; chunk 2:
  // the bytes of the last piece (one - 500) over 0.02 s.
  EXPECT_EQ(a.timed_bytes(), 2 * (one - 500));
  EXPECT_NEAR(a.timed_s(), 0.03, 1e-12);
}

}  // namespace
}  // namespace player
