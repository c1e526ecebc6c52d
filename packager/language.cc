#include "packager/language.h"

#include <array>
#include <cctype>

namespace packager {
namespace {

struct Language {
  const char* two;       // ISO 639-1
  const char* three_t;   // ISO 639-2/T (terminology, what mdhd and BCP 47 use)
  const char* three_b;   // ISO 639-2/B (bibliographic, what many files carry)
  const char* name;
};

// The languages of most releases; others pass through as three-letter tags.
constexpr std::array<Language, 48> kLanguages{{
    {"ar", "ara", "ara", "Arabic"},     {"bg", "bul", "bul", "Bulgarian"},  {"bn", "ben", "ben", "Bengali"},
    {"ca", "cat", "cat", "Catalan"},    {"cs", "ces", "cze", "Czech"},      {"cy", "cym", "wel", "Welsh"},
    {"da", "dan", "dan", "Danish"},     {"de", "deu", "ger", "German"},     {"el", "ell", "gre", "Greek"},
    {"en", "eng", "eng", "English"},    {"es", "spa", "spa", "Spanish"},    {"et", "est", "est", "Estonian"},
    {"eu", "eus", "baq", "Basque"},     {"fa", "fas", "per", "Persian"},    {"fi", "fin", "fin", "Finnish"},
    {"fr", "fra", "fre", "French"},     {"ga", "gle", "gle", "Irish"},      {"he", "heb", "heb", "Hebrew"},
    {"hi", "hin", "hin", "Hindi"},      {"hr", "hrv", "hrv", "Croatian"},   {"hu", "hun", "hun", "Hungarian"},
    {"hy", "hye", "arm", "Armenian"},   {"id", "ind", "ind", "Indonesian"}, {"is", "isl", "ice", "Icelandic"},
    {"it", "ita", "ita", "Italian"},    {"ja", "jpn", "jpn", "Japanese"},   {"ka", "kat", "geo", "Georgian"},
    {"ko", "kor", "kor", "Korean"},     {"lt", "lit", "lit", "Lithuanian"}, {"lv", "lav", "lav", "Latvian"},
    {"mk", "mkd", "mac", "Macedonian"}, {"ms", "msa", "may", "Malay"},      {"nl", "nld", "dut", "Dutch"},
    {"no", "nor", "nor", "Norwegian"},  {"pl", "pol", "pol", "Polish"},     {"pt", "por", "por", "Portuguese"},
    {"ro", "ron", "rum", "Romanian"},   {"ru", "rus", "rus", "Russian"},    {"sk", "slk", "slo", "Slovak"},
    {"sl", "slv", "slv", "Slovenian"},  {"sq", "sqi", "alb", "Albanian"},   {"sr", "srp", "srp", "Serbian"},
    {"sv", "swe", "swe", "Swedish"},    {"ta", "tam", "tam", "Tamil"},      {"th", "tha", "tha", "Thai"},
    {"tr", "tur", "tur", "Turkish"},    {"uk", "ukr", "ukr", "Ukrainian"},  {"zh", "zho", "chi", "Chinese"},
}};

bool alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view primary(std::string_view tag) { return tag.substr(0, tag.find('-')); }

const Language* find(std::string_view tag) {
  const std::string p = lower(primary(tag));
  for (const auto& l : kLanguages)
    if (p == l.two || p == l.three_t || p == l.three_b) return &l;
  return nullptr;
}

}  // namespace

bool is_language_tag(std::string_view tag) {
  const std::string_view p = primary(tag);
  if (p.size() < 2 || p.size() > 3) return false;
  for (char c : p)
    if (!alpha(c)) return false;
  size_t start = p.size();
  while (start < tag.size()) {
    const size_t end = std::min(tag.find('-', start + 1), tag.size());
    const std::string_view sub = tag.substr(start + 1, end - start - 1);
    if (sub.empty() || sub.size() > 8) return false;
    for (char c : sub)
      if (!alnum(c)) return false;
    start = end;
  }
  return true;
}

std::string bcp47_language(std::string_view tag) {
  if (!is_language_tag(tag)) return kUndeterminedLanguage;
  const Language* l = find(tag);
  std::string out = l != nullptr ? l->two : lower(primary(tag));
  // Subtags: regions upper case ("BR"), scripts title case ("Hant"), others lower.
  size_t start = primary(tag).size();
  while (start < tag.size()) {
    const size_t end = std::min(tag.find('-', start + 1), tag.size());
    std::string sub = lower(tag.substr(start + 1, end - start - 1));
    if (sub.size() == 2) {
      for (char& c : sub) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (sub.size() == 4 && alpha(sub[0])) {
      sub[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sub[0])));
    }
    out += "-" + sub;
    start = end;
  }
  return out;
}

std::string iso639_2_language(std::string_view tag) {
  if (!is_language_tag(tag)) return kUndeterminedLanguage;
  if (const Language* l = find(tag)) return l->three_t;
  const std::string p = lower(primary(tag));
  return p.size() == 3 ? p : kUndeterminedLanguage;
}

std::string language_name(std::string_view tag) {
  if (const Language* l = find(tag)) return l->name;
  return std::string(tag);
}

}  // namespace packager
