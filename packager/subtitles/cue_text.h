// Cue text from SRT and ASS/SSA as WebVTT cue text: the <i>, <b> and <u>
// tags that both know are kept (lower case), every other tag (<font ...>)
// is dropped, '&', '<' and '>' are escaped, "-->" cannot appear, blank
// lines and trailing spaces go. Pure code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace packager::subtitles {

// `lines`: the cue's text lines as the source format stores them.
std::string to_vtt_cue_text(const std::vector<std::string_view>& lines);

// An ASS/SSA dialogue text field as plain lines: {\override} blocks
// removed, \N and \n are line breaks, \h is a space.
std::vector<std::string> ass_text_lines(std::string_view field);

}  // namespace packager::subtitles
