#include "origin/content_policy.h"

#include <array>
#include <utility>

#include "media/text.h"

namespace origin {
namespace {

constexpr const char* kImmutable = "public, max-age=31536000, immutable";
// Static (VOD) manifests change only when content is re-packaged.
constexpr const char* kShortLived = "public, max-age=10";

}  // namespace

ContentPolicy policy_for(std::string_view path) {
  std::string_view ext;
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) ext = path.substr(dot);
  struct Entry {
    std::string_view ext;
    ContentKind kind;
    const char* type;
  };
  static constexpr std::array<Entry, 14> kTable{{
      {".mpd", ContentKind::kManifest, "application/dash+xml"},
      {".m4s", ContentKind::kSegment, "video/iso.segment"},
      {".mp4", ContentKind::kSegment, "video/mp4"},
      {".m4v", ContentKind::kSegment, "video/mp4"},
      {".m4a", ContentKind::kSegment, "audio/mp4"},
      {".cmfv", ContentKind::kSegment, "video/mp4"},
      {".cmfa", ContentKind::kSegment, "audio/mp4"},
      {".webm", ContentKind::kSegment, "video/webm"},
      {".json", ContentKind::kMetadata, "application/json"},
      {".html", ContentKind::kPage, "text/html; charset=utf-8"},
      {".htm", ContentKind::kPage, "text/html; charset=utf-8"},
      {".js", ContentKind::kPage, "text/javascript; charset=utf-8"},
      {".css", ContentKind::kPage, "text/css; charset=utf-8"},
      {".txt", ContentKind::kOther, "text/plain; charset=utf-8"},
  }};
  for (const auto& e : kTable) {
    if (media::equals_ci(ext, e.ext)) {
      ContentPolicy p{e.kind, e.type, ""};
      p.cache_control = e.kind == ContentKind::kSegment ? kImmutable
                        : e.kind == ContentKind::kPage  ? "no-cache"
                                                        : kShortLived;
      return p;
    }
  }
  return {ContentKind::kOther, "application/octet-stream", kShortLived};
}

}  // namespace origin
