// SegmentTemplate identifier expansion (ISO/IEC 23009-1 §5.3.9.4.4):
// $RepresentationID$, $Number$, $Time$, $Bandwidth$ (the last three with an
// optional printf width tag such as $Number%05d$) and $$ for a literal '$'.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "media/error.h"

namespace media {

struct TemplateValues {
  std::string representation_id;
  std::optional<uint64_t> number;
  std::optional<uint64_t> time;
  std::optional<uint64_t> bandwidth;
};

// Errors on unknown identifiers, an unterminated '$', a format tag on
// $RepresentationID$, and identifiers whose value is not available.
Result<std::string> expand_template(std::string_view tmpl, const TemplateValues& values);

}  // namespace media
