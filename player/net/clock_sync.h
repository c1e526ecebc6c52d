// Clock synchronisation for live playback (DASH-IF IOP 4.7, UTCTiming): a
// live player must agree with the packager on what time it is, or it asks
// for segments that do not exist yet (404) or plays further behind than it
// thinks. The MPD names time sources; ClockSync asks them in order through
// the session's Transport (so it runs in real and in virtual time) and
// reports the offset to add to the local wall clock. One request at start-up
// is enough: the session clock is monotonic afterwards. Loop thread only.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/mpd/model.h"
#include "player/net/transport.h"

namespace player {

enum class UtcScheme {
  kHttpXsdate,  // urn:mpeg:dash:utc:http-xsdate:2014: the body is an xs:dateTime
  kHttpIso,     // urn:mpeg:dash:utc:http-iso:2014: the body is an ISO 8601 time
  kDirect,      // urn:mpeg:dash:utc:direct:2014: @value is the time when the MPD was made
  kHttpHead,    // urn:mpeg:dash:utc:http-head:2014: a HEAD request; the Date header (1 s resolution)
};

struct UtcSource {
  UtcScheme scheme = UtcScheme::kHttpXsdate;
  std::string value;  // the URL (resolved against the MPD's), or the direct time
  bool operator==(const UtcSource&) const = default;
};

// The MPD's UTCTiming elements we can use, in the MPD's order (its
// preference). Unknown schemes (ntp, sntp, http-ntp) are left out.
std::vector<UtcSource> utc_sources(const std::vector<media::Descriptor>& utc_timing, std::string_view mpd_url);

// An HTTP Date header (RFC 9110 IMF-fixdate, "Sun, 06 Dec 2026 19:44:46 GMT")
// as Unix seconds; nullopt for anything else (the obsolete forms included).
std::optional<double> parse_http_date(std::string_view text);

// Seconds to add to the local wall clock: the server's time minus the local
// time halfway through the request (the round trip split evenly).
inline double clock_offset_s(double server_unix_s, double sent_local_s, double received_local_s) {
  return server_unix_s - (sent_local_s + received_local_s) / 2;
}

class ClockSync {
 public:
  // `local_unix_s` reads the local wall clock (Unix seconds).
  ClockSync(Transport& channel, std::function<double()> local_unix_s);
  ~ClockSync();

  struct Outcome {
    std::optional<double> offset_s;  // nullopt: no source answered; keep the local clock
    std::string source;              // what answered ("" when none)
    std::string error;               // the last failure, when none answered
  };
  using Done = std::function<void(const Outcome&)>;

  // Tries `sources` in order until one answers; `done` runs once, on the loop.
  // A direct source answers at once (its time is as old as the MPD).
  void start(std::vector<UtcSource> sources, Done done);
  void cancel();

 private:
  void try_next();
  void finish(Outcome outcome);

  Transport& channel_;
  std::function<double()> local_unix_s_;
  std::vector<UtcSource> sources_;
  size_t next_ = 0;
  Done done_;
  std::string last_error_;
};

}  // namespace player
