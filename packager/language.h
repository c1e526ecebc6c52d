// Language tags as the outputs want them: DASH @lang and HLS LANGUAGE take
// BCP 47 (RFC 5646: the ISO 639-1 two-letter code where one exists, "en",
// "fr", "pt-BR"); the MP4 'mdhd' box takes ISO 639-2/T three letters
// ("eng", "fra"). Inputs say either ("eng", "fre", "fr", "en-US").
// Pure code, unit tested.
#pragma once

#include <string>
#include <string_view>

namespace packager {

inline constexpr const char* kUndeterminedLanguage = "und";

// True for a plausible tag: 2-3 letters, optionally followed by -subtags of
// 1-8 letters or digits ("en", "fra", "pt-BR", "zh-Hant").
bool is_language_tag(std::string_view tag);

// The BCP 47 form: the primary language shortened to two letters when it is
// a known ISO 639-2 (B or T) code, lower case, region kept ("fre" → "fr",
// "en-us" → "en-US"); empty or invalid → "und".
std::string bcp47_language(std::string_view tag);

// The ISO 639-2/T code of the primary language ("fr-CA" → "fra", "ger" →
// "deu"); unknown → "und".
std::string iso639_2_language(std::string_view tag);

// A human name for menus and EXT-X-MEDIA NAME ("fr" → "Français" is not
// attempted: English names, "French"); unknown → the tag itself.
std::string language_name(std::string_view tag);

}  // namespace packager
