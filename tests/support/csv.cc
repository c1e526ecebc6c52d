#include "support/csv.h"

#include <algorithm>

#include "media/file_io.h"

namespace testing_support {
namespace {

// Splits one line into fields; "a,""b"",c" style quoting. Nullopt on an
// unterminated quote.
std::optional<std::vector<std::string>> split_fields(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"') fields.back() += c;
      else if (i + 1 < line.size() && line[i + 1] == '"') fields.back() += line[++i];
      else quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  if (quoted) return std::nullopt;
  return fields;
}

}  // namespace

std::optional<size_t> CsvTable::column(std::string_view name) const {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) return std::nullopt;
  return static_cast<size_t>(it - header.begin());
}

media::Result<CsvTable> parse_csv(std::string_view text) {
  CsvTable table;
  bool have_header = false;
  size_t line_number = 0;
  for (size_t begin = 0; begin < text.size();) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    auto fields = split_fields(line);
    const std::string where = "CSV line " + std::to_string(line_number);
    if (!fields) return media::make_error(media::ErrorCode::kParse, where + ": unterminated quote");
    if (!have_header) {
      table.header = std::move(*fields);
      have_header = true;
      continue;
    }
    if (fields->size() != table.header.size())
      return media::make_error(media::ErrorCode::kParse, where + ": " + std::to_string(fields->size()) +
                                                             " fields, the header has " +
                                                             std::to_string(table.header.size()));
    table.rows.push_back(std::move(*fields));
  }
  if (!have_header) return media::make_error(media::ErrorCode::kParse, "CSV: no header line");
  return table;
}

media::Result<CsvTable> read_csv(const std::filesystem::path& path) {
  auto text = media::read_file(path.string());
  if (!text.ok()) return text.error();
  auto table = parse_csv(*text);
  if (!table.ok()) return table.error().with_context("'" + path.string() + "'");
  return table;
}

}  // namespace testing_support
