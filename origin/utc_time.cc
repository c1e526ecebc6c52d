#include "origin/utc_time.h"

#include <chrono>

#include "media/mpd/date_time.h"

namespace origin {

std::string utc_time_text() {
  const double unix_s =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  return media::format_xs_datetime(unix_s);
}

}  // namespace origin
