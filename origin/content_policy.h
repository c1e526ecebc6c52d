// What kind of file a path is, and how it is labelled and cached:
// Content-Type by extension, Cache-Control (segments immutable, manifests
// short-lived), and whether faults may hit it.
#pragma once

#include <string>
#include <string_view>

namespace origin {

enum class ContentKind { kManifest, kSegment, kMetadata, kPage, kOther };

struct ContentPolicy {
  ContentKind kind = ContentKind::kOther;
  std::string content_type;
  std::string cache_control;
};

ContentPolicy policy_for(std::string_view path);

}  // namespace origin
