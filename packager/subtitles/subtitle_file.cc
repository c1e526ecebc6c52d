#include "packager/subtitles/subtitle_file.h"

#include <filesystem>

#include "media/file_io.h"
#include "packager/language.h"
#include "packager/subtitles/parsers.h"

namespace packager::subtitles {
namespace {

media::Error invalid(std::string_view text, const std::string& why) {
  return media::make_error(media::ErrorCode::kInvalidArgument, "bad --subtitles '" + std::string(text) + "': " + why);
}

// "movie.fr.srt" / "fr.vtt" → "fr" when that part is a known language.
std::string language_from_name(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  const size_t dot = stem.rfind('.');
  const std::string candidate = dot == std::string::npos ? stem : stem.substr(dot + 1);
  const std::string lang = bcp47_language(candidate);
  return language_name(lang) != lang ? lang : kUndeterminedLanguage;
}

}  // namespace

media::Result<SubtitleFileSpec> parse_subtitle_spec(std::string_view text) {
  SubtitleFileSpec spec;
  std::string_view rest = text;
  bool has_lang = false;
  // Peel ":key=value" options off the end; what remains is the path.
  for (;;) {
    const size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos) break;
    const std::string_view option = rest.substr(colon + 1);
    const size_t eq = option.find('=');
    const std::string_view key = option.substr(0, eq);
    if (eq == std::string_view::npos || (key != "lang" && key != "role" && key != "name")) break;
    const std::string_view value = option.substr(eq + 1);
    if (value.empty()) return invalid(text, std::string(key) + "= needs a value");
    if (key == "lang") {
      if (!is_language_tag(value)) return invalid(text, "'" + std::string(value) + "' is not a language tag (e.g. fr, pt-BR)");
      spec.lang = bcp47_language(value);
      has_lang = true;
    } else if (key == "role") {
      auto role = parse_role(value);
      if (!role || is_audio_role(*role)) return invalid(text, "role is subtitle, caption or forced-subtitle");
      spec.role = *role;
    } else {
      spec.name = std::string(value);
    }
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) return invalid(text, "no file name");
  spec.path = std::string(rest);
  if (!has_lang) spec.lang = language_from_name(spec.path);
  return spec;
}

media::Result<std::vector<Cue>> read_subtitle_file(const std::string& path) {
  auto text = media::read_file(path, kMaxSubtitleFileBytes);
  if (!text.ok()) return text.error().with_context("subtitles");
  auto cues = parse_subtitles(*text);
  if (!cues.ok()) return media::make_error(cues.error().code, "subtitles '" + path + "': " + cues.error().message);
  return cues;
}

}  // namespace packager::subtitles
