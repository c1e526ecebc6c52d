// Reading the CSV files tests compare against (reference targets, cross-check
// data, logs our binaries write): a header row, then rows of plain or
// double-quoted fields. Blank lines are skipped; '\r\n' line ends are fine.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/error.h"

namespace testing_support {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as wide as the header

  // Index of the column named `name`, or nullopt.
  std::optional<size_t> column(std::string_view name) const;
};

// Parses `text`; a row whose width differs from the header's, or an
// unterminated quote, is an error naming the line.
media::Result<CsvTable> parse_csv(std::string_view text);
media::Result<CsvTable> read_csv(const std::filesystem::path& path);

}  // namespace testing_support
