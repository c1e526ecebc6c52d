// A minimal SVG chart writer for report.html: linear axes with ticks, line,
// step and scatter series, and a legend. Output is self-contained SVG text.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sim {

struct Point {
  double x = 0;
  double y = 0;
};

struct Series {
  std::string label;
  std::string color;  // CSS colour
  std::vector<Point> points;
  enum class Style { kLine, kStep, kDots, kMarker } style = Style::kLine;
};

struct ChartSpec {
  std::string title;
  std::string x_label;
  std::string y_label;
  int width = 640;
  int height = 360;
  // Axis limits; unset: fitted to the data. Points outside are clipped.
  std::optional<double> x_min, x_max, y_min = {}, y_max = {};
};

std::string render_chart(const ChartSpec& spec, const std::vector<Series>& series);

// A distinct colour per index (a fixed qualitative palette, then repeats).
std::string palette_color(size_t index);

}  // namespace sim
