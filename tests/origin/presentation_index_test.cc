// The presentations found under the root and the HTML pages that list and
// play them: hidden and symlinked entries skipped, names escaped, the player
// page's script not breakable by the MPD URL.
#include "origin/presentation_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "support/process.h"

namespace origin {
namespace {

TEST(PresentationIndex, FindMpdsSkipsHiddenAndSymlinksAndSorts) {
  testing_support::ScratchDir dir("origin-find-mpds");
  for (const char* d : {"b/v0", "a", ".hidden", "deep/1/2/3/4/5/6/7/8"}) std::filesystem::create_directories(dir / d);
  for (const char* f : {"b/manifest.mpd", "a/x.mpd", ".hidden/h.mpd", "a/not-an-mpd.xml", "deep/1/2/3/4/5/6/7/8/far.mpd"})
    std::ofstream(dir / f) << "<MPD/>";
  std::filesystem::create_symlink(dir / "a/x.mpd", dir / "a/link.mpd");
  const auto found = find_mpds(dir.path());
  std::vector<std::string> expected = {"/a/x.mpd", "/b/manifest.mpd"};
  EXPECT_EQ(found, expected);
}

TEST(PresentationIndex, IndexEscapesNamesAndEncodesLinks) {
  const std::string html = render_index_page({"/a b/<x>&\"q\".mpd"});
  EXPECT_EQ(html.find("<x>"), std::string::npos);
  EXPECT_NE(html.find("&lt;x&gt;&amp;&quot;q&quot;.mpd"), std::string::npos);
  EXPECT_NE(html.find("href=\"/a%20b/%3Cx%3E%26%22q%22.mpd\""), std::string::npos) << html;
}

// The inline script of the player page (the last <script> element).
std::string inline_script(const std::string& html) {
  const size_t open = html.rfind("<script>");
  if (open == std::string::npos) return {};
  const size_t close = html.find("</script>", open);
  return html.substr(open, close == std::string::npos ? std::string::npos : close - open);
}

size_t count(const std::string& s, char c) { return static_cast<size_t>(std::count(s.begin(), s.end(), c)); }

TEST(PresentationIndex, PlayerPageCannotBeBrokenOutOf) {
  const std::string benign = render_player_page("/ok.mpd", "/_dashjs/dash.all.min.js");
  const std::string benign_script = inline_script(benign);
  ASSERT_FALSE(benign_script.empty());
  for (const std::string mpd : {"/x</script><script>alert(1)</script>.mpd", "/a\\", "/a'\";alert(1);//",
                                "/a\\'+alert(1)+'", "javascript:alert(1)\u2028x"}) {
    const std::string html = render_player_page(mpd, "/_dashjs/dash.all.min.js");
    const std::string script = inline_script(html);
    EXPECT_EQ(html.find("<script>alert"), std::string::npos) << mpd;
    // The URL can add no quote, backslash or tag to the script.
    EXPECT_EQ(count(script, '\''), count(benign_script, '\'')) << mpd << "\n" << script;
    EXPECT_EQ(count(script, '"'), count(benign_script, '"')) << mpd << "\n" << script;
    EXPECT_EQ(count(script, '\\'), count(benign_script, '\\')) << mpd << "\n" << script;
    EXPECT_EQ(count(script, '<'), count(benign_script, '<')) << mpd << "\n" << script;
  }
}

}  // namespace
}  // namespace origin
