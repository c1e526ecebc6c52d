#include "packager/track_options.h"

#include <algorithm>

#include "media/text.h"
#include "packager/language.h"

namespace packager {
namespace {

constexpr int kMaxStreamNumber = 63;

media::Error invalid(std::string_view option, std::string_view text, std::string_view expected) {
  return media::make_error(media::ErrorCode::kInvalidArgument,
                           "bad " + std::string(option) + " '" + std::string(text) + "': " + std::string(expected));
}

std::optional<int> stream_number(std::string_view text) {
  auto n = media::parse_uint64(text);
  if (!n || *n > uint64_t(kMaxStreamNumber)) return std::nullopt;
  return static_cast<int>(*n);
}

// "N=VALUE" → {N, VALUE}.
std::optional<std::pair<int, std::string_view>> assignment(std::string_view text) {
  const size_t eq = text.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  auto n = stream_number(text.substr(0, eq));
  if (!n || eq + 1 >= text.size()) return std::nullopt;
  return std::make_pair(*n, text.substr(eq + 1));
}

}  // namespace

media::Result<std::vector<int>> parse_stream_numbers(std::string_view option, std::string_view text) {
  if (text == "none") return std::vector<int>{};
  std::vector<int> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    auto n = stream_number(text.substr(start, comma - start));
    if (!n) return invalid(option, text, "expected stream numbers like 0,2 (or none)");
    if (std::find(out.begin(), out.end(), *n) != out.end()) return invalid(option, text, "a stream is named twice");
    out.push_back(*n);
    start = comma + 1;
  }
  return out;
}

media::Status parse_lang_assignment(std::string_view option, std::string_view text, TrackOverrides& overrides) {
  auto a = assignment(text);
  if (!a || !is_language_tag(a->second)) return invalid(option, text, "expected STREAM=LANGUAGE, e.g. 1=fr");
  overrides.langs[a->first] = std::string(a->second);
  return {};
}

media::Status parse_role_assignment(std::string_view option, std::string_view text, bool audio,
                                    TrackOverrides& overrides) {
  auto a = assignment(text);
  std::optional<TrackRole> role = a ? parse_role(a->second) : std::nullopt;
  if (!role || is_audio_role(*role) != audio)
    return invalid(option, text,
                   audio ? "expected STREAM=ROLE with ROLE main, alternate, commentary or description"
                         : "expected STREAM=ROLE with ROLE subtitle, caption or forced-subtitle");
  overrides.roles[a->first] = *role;
  return {};
}

}  // namespace packager
