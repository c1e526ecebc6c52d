#include "origin/presentation_index.h"

#include <algorithm>

#include "media/text.h"
#include "media/url.h"

namespace origin {
namespace {
constexpr int kMaxDepth = 6;
constexpr size_t kMaxEntries = 2000;

}  // namespace

std::vector<std::string> find_mpds(const std::filesystem::path& root) {
  std::vector<std::string> found;
  std::error_code ec;
  auto it = std::filesystem::recursive_directory_iterator(root, std::filesystem::directory_options::skip_permission_denied, ec);
  for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const auto& entry = *it;
    const std::string name = entry.path().filename().string();
    if (!name.empty() && name.front() == '.') {
      if (entry.is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it.depth() >= kMaxDepth) it.disable_recursion_pending();
    if (entry.is_symlink()) continue;
    if (entry.is_regular_file() && entry.path().extension() == ".mpd") {
      found.push_back("/" + std::filesystem::relative(entry.path(), root).generic_string());
      if (found.size() >= kMaxEntries) break;
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::string render_index_page(const std::vector<std::string>& mpds) {
  std::string html =
      "<!doctype html><html><head><meta charset=\"utf-8\"><title>dash-origin</title>"
      "<style>body{font-family:sans-serif;margin:2em}li{margin:.3em 0}</style></head><body>"
      "<h1>dash-origin</h1>";
  if (mpds.empty()) {
    html += "<p>No presentations (*.mpd) under the content root.</p>";
  } else {
    html += "<p>" + std::to_string(mpds.size()) + " presentation(s):</p><ul>";
    for (const auto& m : mpds) {
      std::string e = media::html_escape(media::percent_encode(m));
      html += "<li><a href=\"" + e + "\">" + media::html_escape(m) + "</a> &middot; <a href=\"/_player?mpd=" + e +
              "\">play with dash.js</a></li>";
    }
    html += "</ul>";
  }
  html += "<p><a href=\"/metrics\">/metrics</a></p></body></html>\n";
  return html;
}

std::string render_player_page(const std::string& mpd_url, const std::string& dashjs_src) {
  // Only the percent-encoded URL goes into the script: it holds no quote,
  // backslash or '<', so no value of ?mpd= can break out of the string.
  const std::string encoded = media::percent_encode(mpd_url);
  return "<!doctype html><html><head><meta charset=\"utf-8\"><title>dash.js: " + media::html_escape(mpd_url) +
         "</title></head><body style=\"font-family:sans-serif;margin:1em\">"
         "<p id=\"status\">Loading dash.js...</p>"
         "<video id=\"video\" controls autoplay muted style=\"width:100%;max-width:1280px\"></video>"
         "<script src=\"" + media::html_escape(dashjs_src) + "\"></script>"
         "<script>const s=document.getElementById('status');const u=decodeURIComponent('" + encoded + "');"
         "if(typeof dashjs==='undefined'){s.textContent='dash.js could not be loaded from '+decodeURIComponent('" +
         media::percent_encode(dashjs_src) + "')+' (offline? start dash-origin with --dashjs FILE).';}"
         "else{s.textContent=u;"
         "const p=dashjs.MediaPlayer().create();p.initialize(document.getElementById('video'),u,true);}"
         "</script></body></html>\n";
}

}  // namespace origin
