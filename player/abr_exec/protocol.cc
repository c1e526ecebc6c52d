#include "player/abr_exec/protocol.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

namespace abr_exec {
namespace {

// A tiny JSON writer for our own messages: keys are fixed ASCII, numbers in
// shortest round-trip form (std::to_chars), no strings from outside.
class Writer {
 public:
  // A whole choose (~750 bytes) fits without growing the string 6 times
  // (about 0.1 of the 1.5 us an all-field choose takes).
  Writer() { out_.reserve(1024); }
  Writer& raw(std::string_view s) {
    out_ += s;
    return *this;
  }
  Writer& key(std::string_view k) {
    if (!out_.empty() && out_.back() != '{' && out_.back() != '[') out_ += ',';
    out_ += '"';
    out_ += k;
    out_ += "\":";
    return *this;
  }
  Writer& number(double v) {
    if (!std::isfinite(v)) return raw("null");
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
    return *this;
  }
  Writer& integer(size_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
    return *this;
  }
  Writer& boolean(bool v) { return raw(v ? "true" : "false"); }
  Writer& rows(const abr::RungTable& table, size_t max_rows) {
    out_ += '[';
    const size_t rows = std::min(table.rows(), max_rows);
    for (size_t i = 0; i < rows; ++i) {
      out_ += i ? ",[" : "[";
      for (size_t r = 0; r < table.rungs; ++r) {
        if (r) out_ += ',';
        number(table.at(i, r));
      }
      out_ += ']';
    }
    out_ += ']';
    return *this;
  }
  // The key of `f` when the program wants it (then the caller writes the value).
  template <class Field>
  bool field(const FieldSelection& selection, Field f) {
    if (!selection.wants(f)) return false;
    key(field_name(f));
    return true;
  }
  std::string take() {
    out_ += '\n';
    return std::move(out_);
  }

 private:
  std::string out_;
};

// Each field only when the program wants it (fields.h): its key, then the value.
using C = ContextField;
using R = ResultField;
using P = ProgressField;

void context_fields(Writer& w, const abr::AbrContext& c, const FieldSelection& f) {
  w.raw("{");
  if (w.field(f, C::kBufferS)) w.number(c.buffer_s);
  if (w.field(f, C::kState)) w.raw("\"").raw(abr::to_string(c.state)).raw("\"");
  if (w.field(f, C::kBitratesBps)) {
    w.raw("[");
    for (size_t r = 0; r < c.bitrates_bps.size(); ++r) {
      if (r) w.raw(",");
      w.number(c.bitrates_bps[r]);
    }
    w.raw("]");
  }
  if (w.field(f, C::kResolutions)) {
    w.raw("[");
    for (size_t r = 0; r < c.resolutions.size(); ++r) {
      if (r) w.raw(",");
      w.raw("[").integer(c.resolutions[r].width).raw(",").integer(c.resolutions[r].height).raw("]");
    }
    w.raw("]");
  }
  if (w.field(f, C::kSegmentDurationS)) w.number(c.segment_duration_s);
  if (w.field(f, C::kSegmentIndex)) w.integer(c.segment_index);
  if (w.field(f, C::kSegmentsRemaining)) w.integer(c.segments_remaining);
  if (w.field(f, C::kUpcomingSizesBytes)) w.rows(c.upcoming_sizes_bytes, kUpcomingRows);
  if (w.field(f, C::kUpcomingQualityDb)) w.rows(c.upcoming_quality_db, kUpcomingRows);
  if (w.field(f, C::kLastRung)) {
    if (c.last_rung) w.integer(*c.last_rung);
    else w.raw("null");
  }
  if (w.field(f, C::kBufferCapS)) w.number(c.buffer_cap_s);
  if (w.field(f, C::kWaitedS)) w.number(c.waited_s);
  // Only where they say something, to keep the common message short.
  if (c.live) {
    if (w.field(f, C::kLive)) w.boolean(true);
    if (w.field(f, C::kTargetLatencyS)) w.number(c.target_latency_s);
    if (w.field(f, C::kLatencyS)) w.number(c.latency_s);
  }
  if (c.playback_rate != 1 && w.field(f, C::kPlaybackRate)) w.number(c.playback_rate);
  w.raw("}");
}

media::Error bad_answer(std::string_view line, const std::string& why) {
  std::string shown(line.substr(0, 120));
  if (line.size() > 120) shown += "...";
  return media::make_error(media::ErrorCode::kParse, "bad answer '" + shown + "': " + why);
}

media::Result<nlohmann::json> parse_object(std::string_view line) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded()) return bad_answer(line, "not JSON");
  if (!j.is_object()) return bad_answer(line, "not a JSON object");
  // Read only where it can be (ExecAlgorithm: the program's first line).
  if (j.contains("type") && j["type"] == "hello") return bad_answer(line, "a hello must be the program's first line");
  return j;
}

// An integer rung in [0, limit), from a JSON number (1 and 1.0 both count).
std::optional<size_t> rung_in(const nlohmann::json& v, size_t limit) {
  if (!v.is_number()) return std::nullopt;
  const double d = v.get<double>();
  if (!(d >= 0) || d != std::floor(d) || d >= static_cast<double>(limit)) return std::nullopt;
  return static_cast<size_t>(d);
}

}  // namespace

std::string start_message() { return "{\"type\":\"start\"}\n"; }

std::string observe_message(const abr::SegmentResult& r, const FieldSelection& f) {
  Writer w;
  w.raw("{\"type\":\"observe\",\"result\":{");
  if (w.field(f, R::kRung)) w.integer(r.rung);
  if (w.field(f, R::kSegmentIndex)) w.integer(r.segment_index);
  if (w.field(f, R::kSizeBytes)) w.number(r.size_bytes);
  if (w.field(f, R::kDownloadS)) w.number(r.download_s);
  if (w.field(f, R::kTtfbS)) w.number(r.ttfb_s);
  if (w.field(f, R::kBufferAfterS)) w.number(r.buffer_after_s);
  if (w.field(f, R::kAbandoned)) w.boolean(r.abandoned);
  if (w.field(f, R::kSegmentDurationS)) w.number(r.segment_duration_s);
  w.raw("}}");
  return w.take();
}

std::string choose_message(const abr::AbrContext& c, const FieldSelection& f) {
  Writer w;
  w.raw("{\"type\":\"choose\",\"context\":");
  context_fields(w, c, f);
  w.raw("}");
  return w.take();
}

std::string abandon_message(const abr::DownloadProgress& p, const abr::AbrContext& c, const FieldSelection& f) {
  Writer w;
  w.raw("{\"type\":\"abandon\",\"progress\":{");
  if (w.field(f, P::kRung)) w.integer(p.rung);
  if (w.field(f, P::kSizeBytes)) w.number(p.size_bytes);
  if (w.field(f, P::kReceivedBytes)) w.number(p.received_bytes);
  if (w.field(f, P::kElapsedS)) w.number(p.elapsed_s);
  if (w.field(f, P::kTtfbS)) w.number(p.ttfb_s);
  if (w.field(f, P::kBufferS)) w.number(p.buffer_s);
  w.raw("},\"context\":");
  context_fields(w, c, f);
  w.raw("}");
  return w.take();
}

media::Result<Choice> parse_choice(std::string_view line, size_t rungs) {
  auto j = parse_object(line);
  if (!j) return j.error();
  const auto& o = j.value();
  Choice c;
  const auto rung = o.contains("rung") ? rung_in(o["rung"], rungs) : std::nullopt;
  if (!rung) return bad_answer(line, "\"rung\" must be an integer from 0 to " + std::to_string(rungs - 1));
  c.decision.rung = *rung;
  for (const auto& [key, field] : {std::pair{"wait_s", &abr::Decision::wait_s},
                                   std::pair{"estimate_bps", &abr::Decision::estimate_bps}}) {
    if (!o.contains(key)) continue;
    const auto& v = o[key];
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0)
      return bad_answer(line, std::string("\"") + key + "\" must be a number >= 0");
    c.decision.*field = v.get<double>();
  }
  if (o.contains("reason")) {
    if (!o["reason"].is_string()) return bad_answer(line, "\"reason\" must be a string");
    c.reason_text = o["reason"].get<std::string>();
  }
  return c;
}

media::Result<std::optional<size_t>> parse_abandon(std::string_view line, size_t current_rung) {
  auto j = parse_object(line);
  if (!j) return j.error();
  const auto& o = j.value();
  if (!o.contains("rung")) return bad_answer(line, "\"rung\" is missing (null carries on)");
  if (o["rung"].is_null()) return std::optional<size_t>();
  const auto rung = rung_in(o["rung"], current_rung);
  if (!rung)
    return bad_answer(line, "\"rung\" must be null or an integer below the current rung " + std::to_string(current_rung));
  return std::optional<size_t>(*rung);
}

}  // namespace abr_exec
