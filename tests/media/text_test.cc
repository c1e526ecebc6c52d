// media/text.h: the shared HTML escape (the origin's pages, the bench's SVG).
#include "media/text.h"

#include <gtest/gtest.h>

namespace media {
namespace {

TEST(HtmlEscape, EscapesTheFiveMarkupCharacters) {
  EXPECT_EQ(html_escape(R"(<a href="x">Tom & Jerry's</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(html_escape("plain ascii, é"), "plain ascii, é");
  EXPECT_EQ(html_escape(""), "");
}

}  // namespace
}  // namespace media
