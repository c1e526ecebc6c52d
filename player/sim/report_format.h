// Number formatting shared by the report writers (report.cc, report_html.cc).
#pragma once

#include <cstdio>
#include <string>

namespace sim {

// printf of one number into a string.
inline std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace sim
