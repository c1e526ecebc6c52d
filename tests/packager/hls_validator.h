// Checks an HLS presentation on disk against the RFC 8216 rules a player
// relies on: tags and attributes well formed; every URI exists; every
// EXTINF, rounded, at most EXT-X-TARGETDURATION; byte ranges inside their
// files; EXT-X-MAP before fMP4 segments; ENDLIST on VOD playlists;
// AUDIO/SUBTITLES groups defined, one DEFAULT per group, unique NAMEs; each
// variant's BANDWIDTH at least the peak segment rate measured from the
// real sizes and AVERAGE-BANDWIDTH within 1% of the measured average.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace packager_test {

// Every problem found, one line each ("v0.m3u8 line 9: ..."); empty when valid.
std::vector<std::string> validate_hls(const std::filesystem::path& master_playlist);

}  // namespace packager_test
