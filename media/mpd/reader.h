// Parses MPD XML into the media/ model. pugixml nodes never leave this file.
#pragma once

#include <filesystem>
#include <string_view>

#include "media/error.h"
#include "media/mpd/model.h"

namespace media {

// Errors name the element and attribute ("MPD: <Representation> lacks @bandwidth")
// or carry the XML parser's byte offset.
Result<Mpd> parse_mpd(std::string_view xml);
Result<Mpd> read_mpd_file(const std::filesystem::path& path);

// Parses "first-last" or "first-" (RFC 7233 single range as used in MPDs).
Result<ByteRange> parse_byte_range(std::string_view text);

}  // namespace media
