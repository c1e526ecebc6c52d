#include "origin/units.h"

#include <cctype>
#include <string>

#include "media/text.h"

namespace origin {
namespace {

// Splits "2.5Mbps" into 2.5 and "mbps" (lower case).
bool split_number(std::string_view text, double& value, std::string& unit) {
  text = media::trim(text);
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  auto v = media::parse_double(text.substr(0, i));
  if (!v || *v < 0) return false;
  value = *v;
  unit.clear();
  for (char c : media::trim(text.substr(i))) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return true;
}

}  // namespace

std::optional<double> parse_rate_bps(std::string_view text) {
  double v = 0;
  std::string unit;
  if (!split_number(text, v, unit)) return std::nullopt;
  if (unit.empty() || unit == "bit" || unit == "bps" || unit == "b") return v;
  if (unit == "k" || unit == "kbit" || unit == "kbps" || unit == "kb") return v * 1e3;
  if (unit == "m" || unit == "mbit" || unit == "mbps" || unit == "mb") return v * 1e6;
  if (unit == "g" || unit == "gbit" || unit == "gbps" || unit == "gb") return v * 1e9;
  return std::nullopt;
}

std::optional<double> parse_duration_ms(std::string_view text) {
  double v = 0;
  std::string unit;
  if (!split_number(text, v, unit)) return std::nullopt;
  if (unit.empty() || unit == "ms") return v;
  if (unit == "s") return v * 1000;
  if (unit == "us") return v / 1000;
  return std::nullopt;
}

}  // namespace origin
