#include "media/mpd/duration.h"

#include <cmath>
#include <cstdint>
#include <limits>

namespace media {
namespace {

constexpr int64_t kUsPerS = 1'000'000;
// Keep results far from int64 overflow: 10^5 years is plenty for media.
constexpr int64_t kMaxUs = int64_t{100'000} * 365 * 86400 * kUsPerS;

// Reads digits [.digits] at `s`, returning whole part and fraction in
// microseconds; advances `s`.
bool read_number(std::string_view& s, int64_t& whole, int64_t& frac_us, bool& has_fraction) {
  size_t i = 0;
  whole = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    if (whole > kMaxUs / 10) return false;  // keeps whole * 10 + 9 in range
    whole = whole * 10 + (s[i] - '0');
    ++i;
  }
  if (i == 0) return false;
  frac_us = 0;
  has_fraction = false;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    has_fraction = true;
    ++i;
    size_t digits = 0;
    int64_t scale = 100'000;
    bool round_up = false;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (digits < 6) {
        frac_us += (s[i] - '0') * scale;
        scale /= 10;
      } else if (digits == 6) {
        round_up = s[i] >= '5';
      }
      ++digits;
      ++i;
    }
    if (digits == 0) return false;
    if (round_up) ++frac_us;
  }
  s.remove_prefix(i);
  return true;
}

}  // namespace

std::optional<Duration> parse_iso8601_duration(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  if (s.empty() || s.front() != 'P') return std::nullopt;
  s.remove_prefix(1);
  bool in_time = false;
  bool any = false;
  bool seen_fraction = false;
  int64_t total_us = 0;
  // Designators must appear in this order; `order` tracks the last one seen.
  constexpr std::string_view kDateOrder = "YMWD";
  constexpr std::string_view kTimeOrder = "HMS";
  size_t order = 0;
  while (!s.empty()) {
    if (s.front() == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      order = 0;
      s.remove_prefix(1);
      if (s.empty()) return std::nullopt;  // "PT" alone
      continue;
    }
    if (seen_fraction) return std::nullopt;  // only the last component may have a fraction
    int64_t whole = 0, frac = 0;
    bool has_fraction = false;
    if (!read_number(s, whole, frac, has_fraction) || s.empty()) return std::nullopt;
    char unit = s.front();
    s.remove_prefix(1);
    std::string_view units = in_time ? kTimeOrder : kDateOrder;
    size_t pos = units.find(unit);
    if (pos == std::string_view::npos || pos < order) return std::nullopt;
    order = pos + 1;
    int64_t unit_s = 0;
    if (!in_time) {
      constexpr int64_t kDay = 86400;
      unit_s = unit == 'Y' ? 365 * kDay : unit == 'M' ? 30 * kDay : unit == 'W' ? 7 * kDay : kDay;
    } else {
      unit_s = unit == 'H' ? 3600 : unit == 'M' ? 60 : 1;
    }
    if (has_fraction && !(in_time && unit == 'S')) return std::nullopt;
    seen_fraction = has_fraction;
    if (whole > kMaxUs / (unit_s * kUsPerS)) return std::nullopt;
    total_us += whole * unit_s * kUsPerS + frac;
    if (total_us > kMaxUs) return std::nullopt;
    any = true;
  }
  if (!any) return std::nullopt;
  return Duration(total_us);
}

std::string format_iso8601_duration(Duration d) {
  int64_t us = d.count();
  std::string out = "P";
  if (us < 0) return "PT0S";  // durations are never negative in an MPD
  int64_t hours = us / (3600 * kUsPerS);
  us -= hours * 3600 * kUsPerS;
  int64_t minutes = us / (60 * kUsPerS);
  us -= minutes * 60 * kUsPerS;
  out += "T";
  if (hours > 0) out += std::to_string(hours) + "H";
  if (minutes > 0 || (hours > 0 && us > 0)) out += std::to_string(minutes) + "M";
  if (us > 0 || (hours == 0 && minutes == 0)) {
    out += std::to_string(us / kUsPerS);
    if (int64_t frac = us % kUsPerS; frac != 0) {
      std::string f = std::to_string(frac);
      f.insert(0, 6 - f.size(), '0');
      while (f.back() == '0') f.pop_back();
      out += "." + f;
    }
    out += "S";
  }
  return out;
}

Duration from_seconds(double seconds) {
  if (!std::isfinite(seconds) || seconds <= 0) return Duration(0);
  double us = std::round(seconds * 1e6);
  if (us > static_cast<double>(kMaxUs)) return Duration(kMaxUs);
  return Duration(static_cast<int64_t>(us));
}

}  // namespace media
