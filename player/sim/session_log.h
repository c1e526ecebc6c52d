// What happened in one simulated session, chunk by chunk: the raw material
// of the metrics, the CSV rows and the report's time series.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace sim {

struct ChunkRecord {
  size_t rung = 0;
  double bitrate_bps = 0;    // nominal
  double size_bytes = 0;
  double ttfb_s = 0;         // request latency (the reference model's round trip)
  double download_s = 0;     // first byte → last byte
  double rebuffer_s = 0;     // stall while this chunk was fetched (chunk 0: start-up delay)
  double buffer_after_s = 0;
  double wait_s = 0;         // idle time before the request (buffer full or asked for)
  double end_time_s = 0;     // session time when the chunk arrived
  size_t abandoned = 0;      // attempts abandoned before this one succeeded
  double psnr_db = 0;        // when the video has quality, else 0
};

struct SessionLog {
  std::string trace;
  std::string algorithm;
  std::vector<ChunkRecord> chunks;
};

}  // namespace sim
