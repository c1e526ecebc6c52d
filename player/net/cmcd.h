// Common Media Client Data (CTA-5004): what the player tells the server about
// each request (object type, bitrates, buffer, throughput, startup, session),
// sent as the `CMCD` query parameter or as the four CMCD-* headers. Pure: the
// stream loader fills a CmcdRequest from the session's state; this file only
// formats it (keys sorted, strings quoted, booleans bare, values rounded as
// the standard asks).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "player/net/fetcher.h"

namespace player {

enum class CmcdMode { kOff, kQuery, kHeader };
// "off", "query", "header"; nullopt for anything else.
std::optional<CmcdMode> parse_cmcd_mode(std::string_view text);

// The keys of one request; unset or empty ones are not sent, nor pr at 1 and
// v (this is CMCD version 1): the defaults.
struct CmcdRequest {
  std::optional<double> br_kbps;   // encoded bitrate of the object's representation
  std::optional<double> tb_kbps;   // top bitrate of its ladder
  std::optional<double> d_ms;      // object duration (media segments)
  std::optional<double> bl_ms;     // buffer length of its stream (sent rounded to 100 ms)
  std::optional<double> dl_ms;     // deadline: when that buffer runs out at the playback rate (100 ms)
  double pr = 1;                   // playback rate
  std::optional<double> mtp_kbps;  // measured throughput, the ABR estimate (100 kbit/s)
  std::optional<double> rtp_kbps;  // throughput that would be enough (100 kbit/s)
  bool bs = false;                 // the buffer ran dry since the stream's last request
  bool su = false;                 // needed urgently: startup, after a seek or a stall
  std::string ot;                  // object type: m, v, a, i, c, ...
  std::string sf = "d";            // streaming format: DASH
  std::string st = "v";            // stream type: VOD (the player plays static MPDs)
  std::string sid, cid, nor;       // session ID, content ID, next object (relative URL)
};

// The whole payload, keys sorted: `bl=21300,br=3200,d=4000,ot=v,sf=d,sid="x",su`.
std::string cmcd_payload(const CmcdRequest& data);

// Adds `data` to `request`: a `CMCD=` query parameter (percent-encoded) or
// the CMCD-Object / -Request / -Session / -Status headers. kOff, or a URL
// that is not http(s) (a local file): nothing.
void apply_cmcd(CmcdMode mode, const CmcdRequest& data, FetchRequest& request);

// `to` relative to `from` when both are in the same directory (the usual
// case for nor), else `to` whole.
std::string relative_url(std::string_view from, std::string_view to);

// A short stable content ID for an MPD URL (16 hex digits, FNV-1a 64).
std::string cmcd_content_id(std::string_view mpd_url);

}  // namespace player
