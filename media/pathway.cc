#include "media/pathway.h"

#include "media/text.h"
#include "media/url.h"

namespace media {
namespace {

constexpr size_t kMaxNameBytes = 64;

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '~' || c == '-';
}

}  // namespace

Result<Pathway> parse_pathway(std::string_view text) {
  const size_t eq = text.find('=');
  const std::string shown = "pathway '" + std::string(text) + "'";
  if (eq == std::string_view::npos) return make_error(ErrorCode::kInvalidArgument, shown + ": expected NAME=URL");
  Pathway p{std::string(text.substr(0, eq)), std::string(trim(text.substr(eq + 1)))};
  if (p.name.empty() || p.name.size() > kMaxNameBytes)
    return make_error(ErrorCode::kInvalidArgument, shown + ": the name must have 1 to 64 characters");
  for (char c : p.name)
    if (!is_name_char(c))
      return make_error(ErrorCode::kInvalidArgument, shown + ": the name may hold letters, digits and . _ ~ - only");
  const UrlParts url = split_url(p.url);
  if ((url.scheme != "http" && url.scheme != "https") || !url.has_authority || url.authority.empty())
    return make_error(ErrorCode::kInvalidArgument, shown + ": the URL must be an absolute http:// or https:// URL");
  for (char c : p.url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '<' || c == '>' || c == 0x7f)
      return make_error(ErrorCode::kInvalidArgument, shown + ": the URL holds a space, quote or control character");
  return p;
}

}  // namespace media
