#include "player/sim/video_source.h"

#include "player/sim/pensieve_video.h"
#include "player/sim/presentation_video.h"
#include "player/sim/sabre_movie.h"

namespace sim {

media::Result<VideoModel> load_video(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    if (std::filesystem::exists(path / "video_size_0", ec)) return read_pensieve_video(path);
    if (std::filesystem::exists(path / "segments.json", ec)) return read_presentation_video(path);
    return media::make_error(media::ErrorCode::kNotFound,
                             "video '" + path.string() + "': neither video_size_0 (Pensieve) nor segments.json inside");
  }
  if (!std::filesystem::exists(path, ec))
    return media::make_error(media::ErrorCode::kNotFound, "video '" + path.string() + "': no such file or directory");
  if (path.extension() == ".mpd") return read_presentation_video(path);
  if (path.extension() == ".json") return read_sabre_movie(path);
  return media::make_error(media::ErrorCode::kInvalidArgument,
                           "video '" + path.string() +
                               "': expected a Pensieve size directory, a Sabre movie .json or an .mpd");
}

}  // namespace sim
