// Small, allocation-light text helpers shared by the parsers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace media {

std::string_view trim(std::string_view s);
// Splits on '\n' (a trailing '\r' is dropped from each line).
std::vector<std::string_view> split_lines(std::string_view text);
// Splits on runs of spaces and tabs.
std::vector<std::string_view> split_whitespace(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char sep);

// Whole-string number parsing: no leading/trailing junk, finite values only.
std::optional<double> parse_double(std::string_view s);
std::optional<int64_t> parse_int64(std::string_view s);
std::optional<uint64_t> parse_uint64(std::string_view s);

bool starts_with_ci(std::string_view s, std::string_view prefix);
bool equals_ci(std::string_view a, std::string_view b);

// Escapes & < > " ' for HTML, SVG and XML text and attribute values.
std::string html_escape(std::string_view text);

}  // namespace media
