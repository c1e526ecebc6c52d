// The values that flow between a streaming session (player or simulator) and
// an ABR algorithm: what happened to the last download (SegmentResult), what
// the session looks like before the next request (AbrContext), and what the
// algorithm decided (Decision). Plain values; views (std::span) point into
// storage owned by the caller and are valid only during the call.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <ostream>
#include <span>
#include <string>

namespace abr {

enum class PlaybackState {
  kStartup,  // nothing played yet
  kPlaying,
  kStalled,  // played before, buffer ran dry
  kPaused,   // the viewer paused: the buffer does not drain
};
const char* to_string(PlaybackState state);

// A row-major [segment][rung] table of numbers (sizes in bytes, PSNR in dB).
// Row 0 is the next segment to fetch. Non-owning.
struct RungTable {
  std::span<const double> values;
  size_t rungs = 0;

  size_t rows() const { return rungs == 0 ? 0 : values.size() / rungs; }
  bool empty() const { return rows() == 0; }
  double at(size_t row, size_t rung) const { return values[row * rungs + rung]; }
};

// What the session tells the algorithm after every download (also after an
// abandoned one). Time to first byte is kept apart from the transfer so that
// estimators can leave the request latency out or keep it in.
struct SegmentResult {
  size_t rung = 0;
  size_t segment_index = 0;
  double size_bytes = 0;     // bytes received (all of them unless abandoned)
  double download_s = 0;     // first byte → last byte
  double ttfb_s = 0;         // request sent → first byte (round trip, server time)
  double buffer_after_s = 0; // buffer level once the segment was added
  bool abandoned = false;    // the request was cancelled before the last byte
  double segment_duration_s = 0;  // media duration of the segment (0: unknown)

  double total_s() const { return ttfb_s + download_s; }
  bool operator==(const SegmentResult&) const = default;
};
std::ostream& operator<<(std::ostream& os, const SegmentResult& r);

// What the algorithm sees before each request.
// A rung's picture size, when the ladder says (0 × 0: unknown).
struct Resolution {
  unsigned width = 0;
  unsigned height = 0;
  bool operator==(const Resolution&) const = default;
};

struct AbrContext {
  double buffer_s = 0;  // media buffered ahead of the playback position
  PlaybackState state = PlaybackState::kStartup;
  std::span<const double> bitrates_bps;  // nominal ladder, lowest first (at least one rung)
  std::span<const Resolution> resolutions;  // one per rung, or empty when unknown
  double segment_duration_s = 4;         // of the next segment
  size_t segment_index = 0;              // the next segment to fetch
  size_t segments_remaining = 1;         // including the next one
  // Upcoming segment sizes (bytes) from the next segment on, when known
  // (segments.json, a simulator's video model). May hold rows past the last
  // segment to be played; algorithms must not look further than they need.
  RungTable upcoming_sizes_bytes;
  RungTable upcoming_quality_db;  // PSNR per segment and rung, when known
  std::optional<size_t> last_rung;  // the previous decision (after any abandonment)
  double buffer_cap_s = 60;         // the session never buffers more than this
  double waited_s = 0;  // idle time since the last download because the buffer was full
  // Live playback. The buffer can then never exceed the latency (a segment
  // cannot be fetched before it is produced), so buffer_cap_s is set to the
  // target latency (the latency while behind it) and buffer-based rules
  // should scale their thresholds to it.
  bool live = false;
  double target_latency_s = 0;  // live: the latency the player holds (s)
  double latency_s = 0;         // live: wall clock at the live edge − position playing (s; 0 before start-up)
  // The current playback rate r (above 1 while catching up), for information:
  // sessions already fold it into this context as the player does (bitrates
  // × r; buffer, cap and segment duration / r), so algorithms must not apply it again.
  double playback_rate = 1;

  size_t rungs() const { return bitrates_bps.size(); }
  size_t top_rung() const { return bitrates_bps.size() - 1; }
  // Size of upcoming segment `row` at `rung`: the table when it has the row,
  // else nominal bitrate × duration.
  double size_bytes(size_t row, size_t rung) const;
};

// A short, allocation-free explanation of a decision: a printf format of
// static storage with up to four numbers, rendered only when someone reads it
// (the simulator makes millions of decisions and reads few of them).
struct Reason {
  const char* format = "";
  std::array<double, 4> values{};
  int count = 0;

  std::string text() const;
};

template <typename... Numbers>
Reason make_reason(const char* format, Numbers... numbers) {
  static_assert(sizeof...(Numbers) <= 4, "a Reason carries at most four numbers");
  Reason r;
  r.format = format;
  r.count = static_cast<int>(sizeof...(Numbers));
  int i = 0;
  ((r.values[static_cast<size_t>(i++)] = static_cast<double>(numbers)), ...);
  return r;
}

struct Decision {
  size_t rung = 0;
  double wait_s = 0;        // wait this long before the request (a buffer target); 0 = now
  double estimate_bps = 0;  // the throughput estimate behind the decision (0: none)
  Reason reason;

  std::string reason_text() const { return reason.text(); }
};
std::ostream& operator<<(std::ostream& os, const Decision& d);

// A download in progress, for the abandonment query.
struct DownloadProgress {
  size_t rung = 0;
  double size_bytes = 0;      // the whole segment
  double received_bytes = 0;  // so far
  double elapsed_s = 0;       // since the request was sent
  double ttfb_s = 0;          // part of elapsed_s spent before the first byte
  double buffer_s = 0;        // buffer level now
};

}  // namespace abr
