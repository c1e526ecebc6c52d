// The fields of the protocol's three objects ("context", "result",
// "progress"; README.md) and a program's choice of them. A program may open
// with a hello line naming the fields it reads:
//   ← {"type":"hello","fields":{"context":["buffer_s","bitrates_bps"],"result":[]}}
// and from then on each object carries only those (objects it does not name:
// every field). Why: most of a program's time per decision can be parsing
// the ~750-byte context (8 rows of upcoming sizes) when it needs two numbers.
// Programs that send no hello get every field, as before hellos existed.
// Pure: names and parsing only (protocol.cc writes the messages).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "media/error.h"

namespace abr_exec {

// In the order the messages write them; names in fields.cc, same order.
enum class ContextField : uint8_t {
  kBufferS, kState, kBitratesBps, kResolutions, kSegmentDurationS, kSegmentIndex, kSegmentsRemaining,
  kUpcomingSizesBytes, kUpcomingQualityDb, kLastRung, kBufferCapS, kWaitedS, kLive, kTargetLatencyS, kLatencyS,
  kPlaybackRate,
};
enum class ResultField : uint8_t {
  kRung, kSegmentIndex, kSizeBytes, kDownloadS, kTtfbS, kBufferAfterS, kAbandoned, kSegmentDurationS,
};
enum class ProgressField : uint8_t { kRung, kSizeBytes, kReceivedBytes, kElapsedS, kTtfbS, kBufferS };

enum class Object : uint8_t { kContext, kResult, kProgress };
inline constexpr size_t kObjects = 3;
constexpr Object object_of(ContextField) { return Object::kContext; }
constexpr Object object_of(ResultField) { return Object::kResult; }
constexpr Object object_of(ProgressField) { return Object::kProgress; }

std::string_view object_name(Object object);            // "context", "result", "progress"
std::span<const std::string_view> field_names(Object object);  // indexed by the field's enum value
template <class Field>
std::string_view field_name(Field f) {
  return field_names(object_of(f))[static_cast<size_t>(f)];
}

// A bit per field and object; by default every field.
struct FieldSelection {
  std::array<uint32_t, kObjects> masks = {~0u, ~0u, ~0u};

  template <class Field>
  bool wants(Field f) const {
    return (masks[static_cast<size_t>(object_of(f))] >> static_cast<unsigned>(f)) & 1u;
  }
  bool operator==(const FieldSelection&) const = default;
};

// A program's first line: its FieldSelection if it is a hello, nothing if it
// is not one (then it is the first answer). Errors, for a hello that is
// wrong: "fields" not an object of lists of strings, an object or field name
// that does not exist (the message lists the known ones), any key besides
// "type" and "fields".
media::Result<std::optional<FieldSelection>> parse_hello(std::string_view line);

}  // namespace abr_exec
