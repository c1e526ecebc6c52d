// Any bytes given to the simulator's video readers (Sabre movie JSON,
// Pensieve size files, one or several rungs separated by NUL bytes) yield a
// VideoModel or an Error, never a crash; small videos that load are also
// streamed once through the reference model.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "player/abr/registry.h"
#include "player/sim/pensieve_video.h"
#include "player/sim/sabre_movie.h"
#include "player/sim/session.h"

namespace {

void stream_if_small(const sim::VideoModel& video) {
  if (video.segment_count > 64) return;
  for (double s : video.sizes_bytes)
    if (s > 1e7) return;  // keep each input fast: at most seconds of trace per chunk
  static const std::vector<media::CookedSample> link = {{0, 8}, {1, 8}, {2, 1}};
  auto algorithm = abr::make_algorithm("bb");
  sim::SessionResult out;
  (void)sim::run_reference_session(video, link, *algorithm.value(), {}, out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto movie = sim::parse_sabre_movie(text, "fuzz"); movie.ok()) stream_if_small(movie.value());
  (void)sim::parse_pensieve_sizes(text);
  std::vector<std::string_view> rungs;
  size_t start = 0;
  for (size_t i = 0; i <= text.size() && rungs.size() < 8; ++i)
    if (i == text.size() || text[i] == '\0') {
      rungs.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  if (auto video = sim::pensieve_video_from_texts(rungs, {}, "fuzz"); video.ok()) stream_if_small(video.value());
  return 0;
}
