#include "packager/ladder.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "media/text.h"
#include "packager/rate.h"

namespace packager {
namespace {

media::Error ladder_error(std::string_view entry, std::string_view why) {
  return media::make_error(media::ErrorCode::kInvalidArgument,
                           "bad ladder entry '" + std::string(entry) + "': " + std::string(why));
}

// Nearest even integer, at least 2.
uint32_t even(double x) { return std::max<uint32_t>(2, static_cast<uint32_t>(std::lround(x / 2.0)) * 2); }

std::optional<uint32_t> parse_dimension(std::string_view s) {
  auto v = media::parse_uint64(s);
  if (!v || *v > 100000) return std::nullopt;
  return static_cast<uint32_t>(*v);
}

media::Status check_dimension(std::string_view entry, uint32_t v) {
  if (v < kMinDimension || v > kMaxDimension)
    return ladder_error(entry, "dimension " + std::to_string(v) + " out of range (" + std::to_string(kMinDimension) +
                                   " to " + std::to_string(kMaxDimension) + ")");
  if (v % 2 != 0) return ladder_error(entry, "dimension " + std::to_string(v) + " is odd (H.264 4:2:0 needs even)");
  return {};
}

media::Result<RungSpec> parse_entry(std::string_view entry) {
  auto at = entry.find('@');
  if (at == std::string_view::npos) return ladder_error(entry, "expected WIDTHxHEIGHT@RATE or HEIGHTp@RATE");
  std::string_view size = entry.substr(0, at);
  auto rate = parse_rate_bps(entry.substr(at + 1));
  if (!rate.ok()) return ladder_error(entry, rate.error().message);
  RungSpec spec;
  spec.video_rate_bps = *rate;
  if (!size.empty() && (size.back() == 'p' || size.back() == 'P')) {
    auto h = parse_dimension(size.substr(0, size.size() - 1));
    if (!h) return ladder_error(entry, "expected HEIGHTp, e.g. 720p");
    DS_RETURN_IF_ERROR(check_dimension(entry, *h));
    spec.height = *h;
    return spec;
  }
  auto x = size.find('x');
  if (x == std::string_view::npos) return ladder_error(entry, "expected WIDTHxHEIGHT@RATE or HEIGHTp@RATE");
  auto w = parse_dimension(size.substr(0, x));
  auto h = parse_dimension(size.substr(x + 1));
  if (!w || !h) return ladder_error(entry, "expected WIDTHxHEIGHT, e.g. 1280x720");
  DS_RETURN_IF_ERROR(check_dimension(entry, *w));
  DS_RETURN_IF_ERROR(check_dimension(entry, *h));
  spec.width = *w;
  spec.height = *h;
  return spec;
}

// The rung whose short side is `short_side`, with the display aspect ratio.
LadderRung rung_for_short_side(const DisplaySize& display, uint32_t short_side, int64_t rate_bps,
                               bool clamp_to_source) {
  const bool landscape = display.width >= display.height;
  const double long_over_short = landscape ? double(display.width) / display.height
                                           : double(display.height) / display.width;
  uint32_t long_side = even(short_side * long_over_short);
  if (clamp_to_source) {
    const uint32_t source_long = std::max<uint32_t>(2, (landscape ? display.width : display.height) / 2 * 2);
    long_side = std::min(long_side, source_long);
  }
  return landscape ? LadderRung{long_side, short_side, rate_bps} : LadderRung{short_side, long_side, rate_bps};
}

void sort_by_rate(std::vector<LadderRung>& rungs) {
  std::stable_sort(rungs.begin(), rungs.end(), [](const LadderRung& a, const LadderRung& b) {
    if (a.video_rate_bps != b.video_rate_bps) return a.video_rate_bps < b.video_rate_bps;
    return uint64_t(a.width) * a.height < uint64_t(b.width) * b.height;
  });
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const LadderRung& r) {
  return os << r.width << "x" << r.height << "@" << format_rate(r.video_rate_bps);
}

std::ostream& operator<<(std::ostream& os, const RungSpec& r) {
  if (r.width) return os << *r.width << "x" << r.height << "@" << format_rate(r.video_rate_bps);
  return os << r.height << "p@" << format_rate(r.video_rate_bps);
}

std::ostream& operator<<(std::ostream& os, const DisplaySize& d) { return os << d.width << "x" << d.height; }

DisplaySize display_size(const SourceGeometry& source) {
  double sar = (source.sar_num == 0 || source.sar_den == 0) ? 1.0 : double(source.sar_num) / source.sar_den;
  uint32_t w = std::max<uint32_t>(1, static_cast<uint32_t>(std::lround(source.width * sar)));
  uint32_t h = source.height;
  if (source.rotation_deg == 90 || source.rotation_deg == 270) std::swap(w, h);
  return {w, h};
}

media::Result<std::vector<RungSpec>> parse_ladder(std::string_view text) {
  std::vector<RungSpec> specs;
  if (media::trim(text).empty())
    return media::make_error(media::ErrorCode::kInvalidArgument, "empty --ladder: expected e.g. 1280x720@3000k,640x360@700k");
  for (std::string_view entry : media::split(text, ',')) {
    entry = media::trim(entry);
    if (entry.empty()) return ladder_error(text, "empty entry");
    auto spec = parse_entry(entry);
    if (!spec.ok()) return spec.error();
    if (std::find(specs.begin(), specs.end(), *spec) != specs.end()) return ladder_error(entry, "listed twice");
    specs.push_back(*spec);
  }
  if (specs.size() > kMaxRungs)
    return media::make_error(media::ErrorCode::kInvalidArgument, "--ladder has " + std::to_string(specs.size()) +
                                                                    " rungs; at most " + std::to_string(kMaxRungs));
  return specs;
}

std::vector<LadderRung> derive_ladder(const SourceGeometry& source) {
  const DisplaySize display = display_size(source);
  const uint32_t source_short = std::min(display.width, display.height);
  std::vector<LadderRung> rungs;
  for (const auto& standard : kStandardRungs)
    if (standard.short_side <= source_short)
      rungs.push_back(rung_for_short_side(display, standard.short_side, standard.video_rate_bps, true));
  if (rungs.empty()) {
    // Smaller than every standard rung: one rung at the source size, its
    // rate scaled from the smallest standard rung by pixel count.
    const auto& smallest = kStandardRungs.back();
    const uint32_t short_side = std::max<uint32_t>(kMinDimension, source_short / 2 * 2);
    LadderRung r = rung_for_short_side(display, short_side, 0, true);
    const double smallest_pixels = smallest.short_side * (smallest.short_side * 16.0 / 9.0);
    r.video_rate_bps = std::max<int64_t>(
        100'000, std::llround(smallest.video_rate_bps * (double(r.width) * r.height) / smallest_pixels));
    rungs.push_back(r);
  }
  sort_by_rate(rungs);
  return rungs;
}

media::Result<std::vector<LadderRung>> resolve_ladder(const std::vector<RungSpec>& specs,
                                                      const SourceGeometry& source) {
  const DisplaySize display = display_size(source);
  std::vector<LadderRung> rungs;
  for (const auto& spec : specs) {
    LadderRung r = spec.width ? LadderRung{*spec.width, spec.height, spec.video_rate_bps}
                              : rung_for_short_side(display, spec.height, spec.video_rate_bps, false);
    if (r.width > kMaxDimension || r.height > kMaxDimension) {
      std::ostringstream os;
      os << spec;
      return ladder_error(os.str(), "gives " + std::to_string(r.width) + "x" + std::to_string(r.height) +
                                        " for this source, larger than " + std::to_string(kMaxDimension));
    }
    rungs.push_back(r);
  }
  sort_by_rate(rungs);
  return rungs;
}

}  // namespace packager
