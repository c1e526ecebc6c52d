#include "player/abr_exec/fields.h"

#include <nlohmann/json.hpp>
#include <string>

namespace abr_exec {
namespace {

// The names of abr::AbrContext, SegmentResult and DownloadProgress, in the
// order of the enums in fields.h.
constexpr std::string_view kContextNames[] = {
    "buffer_s",     "state",        "bitrates_bps",        "resolutions", "segment_duration_s",
    "segment_index", "segments_remaining", "upcoming_sizes_bytes", "upcoming_quality_db", "last_rung",
    "buffer_cap_s", "waited_s",     "live",                "target_latency_s", "latency_s",
    "playback_rate",
};
constexpr std::string_view kResultNames[] = {
    "rung", "segment_index", "size_bytes", "download_s", "ttfb_s", "buffer_after_s", "abandoned", "segment_duration_s",
};
constexpr std::string_view kProgressNames[] = {"rung", "size_bytes", "received_bytes", "elapsed_s", "ttfb_s", "buffer_s"};
static_assert(std::size(kContextNames) == static_cast<size_t>(ContextField::kPlaybackRate) + 1);
static_assert(std::size(kResultNames) == static_cast<size_t>(ResultField::kSegmentDurationS) + 1);
static_assert(std::size(kProgressNames) == static_cast<size_t>(ProgressField::kBufferS) + 1);
static_assert(std::size(kContextNames) <= 32, "FieldSelection keeps a 32-bit mask per object");

constexpr Object kAllObjects[] = {Object::kContext, Object::kResult, Object::kProgress};

media::Error bad_hello(std::string_view line, const std::string& why) {
  std::string shown(line.substr(0, 120));
  if (line.size() > 120) shown += "...";
  return media::make_error(media::ErrorCode::kInvalidArgument, "bad hello '" + shown + "': " + why);
}

std::string known(std::span<const std::string_view> names) {
  std::string out;
  for (const auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return "(known: " + out + ")";
}

std::optional<Object> object_named(std::string_view name) {
  for (const Object o : kAllObjects)
    if (object_name(o) == name) return o;
  return std::nullopt;
}

}  // namespace

std::string_view object_name(Object object) {
  switch (object) {
    case Object::kContext: return "context";
    case Object::kResult: return "result";
    case Object::kProgress: return "progress";
  }
  return "";
}

std::span<const std::string_view> field_names(Object object) {
  switch (object) {
    case Object::kContext: return kContextNames;
    case Object::kResult: return kResultNames;
    case Object::kProgress: return kProgressNames;
  }
  return {};
}

media::Result<std::optional<FieldSelection>> parse_hello(std::string_view line) {
  const auto j = nlohmann::json::parse(line, nullptr, false);
  // Anything else is the first answer, which parse_choice judges.
  if (!j.is_object() || !j.contains("type") || j["type"] != "hello") return std::optional<FieldSelection>();
  FieldSelection selection;
  for (const auto& [key, value] : j.items()) {
    if (key == "type") continue;
    if (key != "fields") return bad_hello(line, "unknown key \"" + key + "\" (known: type, fields)");
    if (!value.is_object()) return bad_hello(line, "\"fields\" must be an object of lists of field names");
    for (const auto& [object_key, names] : value.items()) {
      const auto object = object_named(object_key);
      if (!object) return bad_hello(line, "unknown object \"" + object_key + "\" (known: context, result, progress)");
      if (!names.is_array()) return bad_hello(line, "\"" + object_key + "\" must be a list of field names");
      const auto all = field_names(*object);
      uint32_t mask = 0;
      for (const auto& name : names) {
        size_t k = 0;
        while (k < all.size() && !(name.is_string() && name.get<std::string>() == all[k])) ++k;
        if (k == all.size())
          return bad_hello(line, "unknown " + object_key + " field " + name.dump() + " " + known(all));
        mask |= 1u << k;
      }
      selection.masks[static_cast<size_t>(*object)] = mask;
    }
  }
  return std::optional<FieldSelection>(selection);
}

}  // namespace abr_exec
