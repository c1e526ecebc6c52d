// Common Media Client Data (CTA-5004): what a player says about itself on each
// request, read by the origin for its access log and /metrics. A payload is a
// Structured Field dictionary (RFC 8941) of keys such as
//   bl=21300,br=3200,d=4004,mtp=48100,ot=v,sf=d,sid="6e2f...",su,tb=6000
// sent as the `CMCD` query parameter or split over the CMCD-Object,
// CMCD-Request, CMCD-Session and CMCD-Status headers. Pure: no I/O.
//
// Keys, types and units (CTA-5004 §3.3): br, tb (encoded and top bitrate,
// kbit/s), bl (buffer length, ms), d (object duration, ms), dl (deadline, ms),
// mtp (measured throughput, kbit/s), rtp (requested maximum throughput,
// kbit/s), v (version): non-negative integers; bs (buffer starvation), su
// (startup): booleans, a bare key is true; cid (content id, <= 128 chars), sid
// (session id, <= 64 chars), nor (next object), nrr (next range): strings; ot
// (object type: m a v av i c tt k o), sf (format: d h s o), st (stream type: v
// l): tokens; pr (playback rate): a positive decimal. Keys with a hyphen are
// custom and kept as sent; other unknown keys are ignored, as receivers must.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "media/error.h"

namespace origin {

struct CmcdData {
  std::optional<int64_t> br_kbps, bl_ms, d_ms, dl_ms, mtp_kbps, rtp_kbps, tb_kbps, version;
  bool bs = false;  // buffer starvation since the last request
  bool su = false;  // needed urgently: startup, seek or recovery from a stall
  std::optional<std::string> cid, sid, nor, nrr;
  std::optional<std::string> ot, sf, st;  // tokens
  std::optional<double> pr;
  std::vector<std::pair<std::string, std::string>> custom;  // hyphenated keys (sorted), values as sent

  bool empty() const { return *this == CmcdData{}; }
  bool operator==(const CmcdData&) const = default;
};

// Adds the keys of one payload to `into` (a key given again replaces the
// earlier value). An error names the key and what is wrong with it, or the
// byte offset where the syntax breaks; `into` may then hold part of it.
media::Status parse_cmcd_into(std::string_view payload, CmcdData& into);
media::Result<CmcdData> parse_cmcd(std::string_view payload);

// The CMCD of one request: the decoded `CMCD` query value and the four
// header values (each may be empty).
struct CmcdSources {
  std::string_view query, object_header, request_header, session_header, status_header;
};
media::Result<CmcdData> parse_request_cmcd(const CmcdSources& sources);

// The keys of `data` as one payload, sorted by key (parse_cmcd reads it back
// to the same data). Empty when there are none.
std::string format_cmcd(const CmcdData& data);

std::ostream& operator<<(std::ostream& os, const CmcdData& data);

}  // namespace origin
