// The CMCD parser on any bytes: a payload yields data or an Error, never a
// crash; what parses prints in the canonical form, which parses back to the
// same data and prints the same again. The input is also split into the
// query and the four headers at its NUL bytes, as a request would carry it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "origin/cmcd.h"

namespace {

void check_round_trip(const origin::CmcdData& data) {
  const std::string text = origin::format_cmcd(data);
  auto again = origin::parse_cmcd(text);
  if (!again.ok() || !(*again == data) || origin::format_cmcd(*again) != text) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto one = origin::parse_cmcd(text); one.ok()) check_round_trip(*one);
  std::string_view parts[5];
  size_t begin = 0;
  for (auto& part : parts) {
    const size_t end = std::min(text.find('\0', begin), text.size());
    part = begin < text.size() ? text.substr(begin, end - begin) : std::string_view();
    begin = end + 1;
  }
  if (auto all = origin::parse_request_cmcd({parts[0], parts[1], parts[2], parts[3], parts[4]}); all.ok())
    check_round_trip(*all);
  return 0;
}
