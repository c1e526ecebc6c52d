// Whole-file reads and atomic whole-file writes with error context.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "media/error.h"

namespace media {

// Refuses files larger than max_bytes, so a stray device or huge file
// cannot exhaust memory.
Result<std::string> read_file(const std::filesystem::path& path,
                              std::uintmax_t max_bytes = 256u << 20);

// Writes to `path.tmp`, flushes, then renames over `path`: readers see the
// old file or the new one, never a partial one.
Status write_file_atomic(const std::filesystem::path& path, std::string_view contents);

}  // namespace media
