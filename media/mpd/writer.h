// Serialises the media/ MPD model to XML (pugixml), in the element order the
// DASH schema requires, so the output validates against DASH-MPD.xsd.
#pragma once

#include <filesystem>
#include <string>

#include "media/error.h"
#include "media/mpd/model.h"

namespace media {

std::string write_mpd(const Mpd& mpd);

// Writes atomically (temporary name, then rename).
Status write_mpd_file(const Mpd& mpd, const std::filesystem::path& path);

std::string format_byte_range(const ByteRange& r);

}  // namespace media
