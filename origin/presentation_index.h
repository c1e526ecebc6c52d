// Finds the presentations (MPD files) under the content root, for the
// startup banner and the index page, and renders that page.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace origin {

// Paths relative to `root` with a leading '/', sorted; hidden directories and
// symlinks are skipped; bounded in depth and count.
std::vector<std::string> find_mpds(const std::filesystem::path& root);

// The HTML index: each MPD with a direct link and a link that plays it in the
// dash.js page (`/_player?mpd=...`).
std::string render_index_page(const std::vector<std::string>& mpds);

// A page that plays `mpd_url` with dash.js loaded from `dashjs_src`; it says so
// when the script cannot be loaded (e.g. no network for the CDN).
std::string render_player_page(const std::string& mpd_url, const std::string& dashjs_src);

}  // namespace origin
