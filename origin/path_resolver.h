// Maps a request target to a file under the content root, refusing anything
// that could escape it: `..` segments, percent-encoded traversal, NUL bytes,
// backslashes, absolute or scheme targets, and symlinks leading outside the
// root. Decoding happens exactly once, so double-encoded input such as
// `%252e%252e` stays a literal (and harmless) file name.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "media/error.h"

namespace origin {

// Percent-decodes once; errors on malformed escapes and on NUL.
media::Result<std::string> percent_decode(std::string_view text);

// The path part of a request target ("/a/b.m4s?x=1" → "/a/b.m4s"), decoded
// and checked: must start with '/', no NUL, no '\', no "." or ".." segment.
// Errors: kInvalidArgument (→ 400) for malformed input, kNotFound (→ 403/404)
// for traversal attempts.
media::Result<std::string> clean_request_path(std::string_view target);

// A request path resolved under `root` (itself canonical): the canonical file
// path, guaranteed to stay inside root after following symlinks. kNotFound when
// missing or outside the root.
media::Result<std::filesystem::path> resolve_under_root(const std::filesystem::path& canonical_root,
                                                        const std::string& clean_path);

// Opens a cleaned request path beneath the root directory `root_fd` (read
// only, close-on-exec). Uses openat2(RESOLVE_BENEATH), so the kernel refuses
// any escape, symlinks included, in one system call; falls back to
// resolve_under_root on kernels without it. kNotFound when missing or outside.
media::Result<int> open_under_root(int root_fd, const std::filesystem::path& canonical_root,
                                   const std::string& clean_path);

}  // namespace origin
