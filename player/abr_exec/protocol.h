// The JSON-lines protocol between dashstream and an external ABR program
// (README.md in this directory). One JSON object per line each way:
//   ← {"type":"hello","fields":{...}}                   optional, the program's first line (fields.h)
//   → {"type":"start"}                                   a new session: forget everything
//   → {"type":"observe","result":{SegmentResult}}         after every download; no answer
//   → {"type":"choose","context":{AbrContext}}            before every request
//   ← {"rung":N[,"wait_s":S][,"estimate_bps":B][,"reason":"..."]}
//   → {"type":"abandon","progress":{DownloadProgress},"context":{AbrContext}}
//   ← {"rung":N} to restart the segment at rung N, or {"rung":null} to carry on
// Field names are those of abr::SegmentResult, AbrContext and DownloadProgress.
// "type" is always the first key, written exactly as above (no spaces), so a
// program may tell messages apart by how their line starts without parsing
// the ones it does not need.
// Numbers are written in their shortest exact form, so a program that parses
// them as IEEE doubles sees exactly the values the built-in algorithms see.
// A program may open with a hello choosing the fields it reads (fields.h);
// the objects then carry only those, in the same order.
// Pure functions: encoding and decoding only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "media/error.h"
#include "player/abr_exec/fields.h"
#include "player/abr/types.h"

namespace abr_exec {

// Upcoming segments sent in a context ("upcoming_sizes_bytes" and
// "upcoming_quality_db" rows): enough for MPC-style planners, small enough
// to keep a decision cheap.
inline constexpr size_t kUpcomingRows = 8;

// `fields`: what the program asked for in its hello (by default every field).
std::string start_message();
std::string observe_message(const abr::SegmentResult& result, const FieldSelection& fields = {});
std::string choose_message(const abr::AbrContext& context, const FieldSelection& fields = {});
std::string abandon_message(const abr::DownloadProgress& progress, const abr::AbrContext& context,
                            const FieldSelection& fields = {});

// The answer to "choose". Errors: not a JSON object, "rung" missing or not an
// integer in [0, rungs), "wait_s" or "estimate_bps" not a finite number ≥ 0,
// "reason" not a string, a hello (it must be the program's first line). The
// reason is kept in `reason_text`.
struct Choice {
  abr::Decision decision;
  std::string reason_text;
};
media::Result<Choice> parse_choice(std::string_view line, size_t rungs);
// The answer to "abandon": a rung in [0, current_rung), or nothing (null).
media::Result<std::optional<size_t>> parse_abandon(std::string_view line, size_t current_rung);

}  // namespace abr_exec
