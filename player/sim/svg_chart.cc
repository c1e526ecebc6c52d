#include "player/sim/svg_chart.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "media/text.h"

namespace sim {
namespace {

constexpr int kLeft = 64, kRight = 150, kTop = 30, kBottom = 46;  // margins (px); legend on the right

// About five round tick values covering [lo, hi].
std::vector<double> ticks(double lo, double hi) {
  std::vector<double> t;
  const double span = hi - lo;
  if (!(span > 0)) return {lo};
  const double raw = span / 5;
  const double mag = std::pow(10, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) t.push_back(std::fabs(v) < step * 1e-9 ? 0 : v);
  return t;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

std::string palette_color(size_t index) {
  static const std::array<const char*, 12> colors = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
                                                      "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#000000", "#aec7e8"};
  return colors[index % colors.size()];
}

std::string render_chart(const ChartSpec& spec, const std::vector<Series>& series) {
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (const auto& s : series)
    for (const auto& p : s.points) {
      if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
      x0 = std::min(x0, p.x);
      x1 = std::max(x1, p.x);
      y0 = std::min(y0, p.y);
      y1 = std::max(y1, p.y);
    }
  if (!std::isfinite(x0)) x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  if (spec.x_min) x0 = *spec.x_min;
  if (spec.x_max) x1 = *spec.x_max;
  if (y0 > 0 && y0 < 0.5 * y1) y0 = 0;  // anchor at zero when it is close
  if (spec.y_min) y0 = *spec.y_min;
  if (spec.y_max) y1 = *spec.y_max;
  if (x1 <= x0) x1 = x0 + 1;
  if (y1 <= y0) y1 = y0 + 1;
  const double pad = 0.04 * (y1 - y0);
  if (!spec.y_max) y1 += pad;
  if (y0 != 0 && !spec.y_min) y0 -= pad;
  const int pw = spec.width - kLeft - kRight, ph = spec.height - kTop - kBottom;
  auto sx = [&](double x) { return kLeft + (x - x0) / (x1 - x0) * pw; };
  auto sy = [&](double y) { return kTop + ph - (y - y0) / (y1 - y0) * ph; };

  // Unique within a report: charts clip their series to the plot area.
  static std::atomic<int> next_id{0};
  const std::string clip = "plot" + std::to_string(next_id++);
  std::ostringstream o;
  o.precision(5);
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << spec.width << "\" height=\"" << spec.height
    << "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  o << "<text x=\"" << kLeft << "\" y=\"18\" font-size=\"13\" font-weight=\"bold\">" << media::html_escape(spec.title)
    << "</text>\n";
  o << "<rect x=\"" << kLeft << "\" y=\"" << kTop << "\" width=\"" << pw << "\" height=\"" << ph
    << "\" fill=\"none\" stroke=\"#888\"/>\n";
  o << "<clipPath id=\"" << clip << "\"><rect x=\"" << kLeft << "\" y=\"" << kTop - 6 << "\" width=\"" << pw
    << "\" height=\"" << ph + 12 << "\"/></clipPath>\n";
  for (double t : ticks(x0, x1)) {
    o << "<line x1=\"" << sx(t) << "\" y1=\"" << kTop << "\" x2=\"" << sx(t) << "\" y2=\"" << kTop + ph
      << "\" stroke=\"#eee\"/><text x=\"" << sx(t) << "\" y=\"" << kTop + ph + 14 << "\" text-anchor=\"middle\">"
      << num(t) << "</text>\n";
  }
  for (double t : ticks(y0, y1)) {
    o << "<line x1=\"" << kLeft << "\" y1=\"" << sy(t) << "\" x2=\"" << kLeft + pw << "\" y2=\"" << sy(t)
      << "\" stroke=\"#eee\"/><text x=\"" << kLeft - 4 << "\" y=\"" << sy(t) + 4 << "\" text-anchor=\"end\">"
      << num(t) << "</text>\n";
  }
  o << "<text x=\"" << kLeft + pw / 2 << "\" y=\"" << spec.height - 8 << "\" text-anchor=\"middle\">"
    << media::html_escape(spec.x_label) << "</text>\n";
  o << "<text transform=\"translate(14," << kTop + ph / 2 << ") rotate(-90)\" text-anchor=\"middle\">"
    << media::html_escape(spec.y_label) << "</text>\n";
  size_t legend = 0;
  for (const auto& s : series) {
    if (s.style == Series::Style::kDots || s.style == Series::Style::kMarker) {
      const double r = s.style == Series::Style::kDots ? 2 : 6;
      const char* extra = s.style == Series::Style::kDots ? " fill-opacity=\"0.45\"" : " stroke=\"#000\"";
      for (const auto& p : s.points)
        if (std::isfinite(p.x) && std::isfinite(p.y))
          o << "<circle clip-path=\"url(#" << clip << ")\" cx=\"" << sx(p.x) << "\" cy=\"" << sy(p.y) << "\" r=\"" << r << "\" fill=\"" << s.color
            << "\"" << extra << "/>\n";
    } else if (!s.points.empty()) {
      o << "<polyline clip-path=\"url(#" << clip << ")\" fill=\"none\" stroke=\"" << s.color << "\" stroke-width=\"1.5\" points=\"";
      for (size_t k = 0; k < s.points.size(); ++k) {
        const auto& p = s.points[k];
        if (s.style == Series::Style::kStep && k > 0) o << sx(p.x) << "," << sy(s.points[k - 1].y) << " ";
        o << sx(p.x) << "," << sy(p.y) << " ";
      }
      o << "\"/>\n";
    }
    if (s.label.empty()) continue;  // unlabelled series stay out of the legend
    const int ly = kTop + 8 + static_cast<int>(legend++) * 16;
    o << "<rect x=\"" << kLeft + pw + 10 << "\" y=\"" << ly - 8 << "\" width=\"12\" height=\"10\" fill=\"" << s.color
      << "\"/><text x=\"" << kLeft + pw + 26 << "\" y=\"" << ly + 1 << "\">" << media::html_escape(s.label) << "</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace sim
