// What an input says about one of its audio or subtitle streams (metadata
// and dispositions), free of libav* so pure code can decide with it.
#pragma once

#include <string>

namespace packager {

// What the input says about one of its audio or subtitle streams.
struct StreamTags {
  int number = 0;             // among the input's streams of its kind, 0-based (what --audio N names)
  std::string codec;          // "aac", "subrip", ...
  int channels = 0;           // audio
  std::string language;       // "language" metadata as stored ("eng", "fre"); "" when absent
  std::string title;          // "title" metadata
  bool is_default = false;    // dispositions
  bool commentary = false;
  bool visual_impaired = false;   // audio description
  bool hearing_impaired = false;  // captions (SDH)
  bool forced = false;
};

}  // namespace packager
