#include "media/net_trace.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "media/file_io.h"
#include "media/text.h"

namespace media {
namespace {

Error trace_error(const std::string& name, std::string what) {
  return make_error(ErrorCode::kParse, "trace '" + name + "': " + std::move(what));
}

Status check_usable(const NetworkTrace& trace) {
  if (trace.periods.empty()) return trace_error(trace.name, "no samples");
  if (trace.total_duration_s() <= 0) return trace_error(trace.name, "zero total duration");
  if (trace.mean_rate_bps() <= 0) return trace_error(trace.name, "delivers nothing (all rates are 0)");
  return {};
}

}  // namespace

std::string_view to_string(TraceFormat format) {
  switch (format) {
    case TraceFormat::kPensieveCooked: return "pensieve";
    case TraceFormat::kSabreJson: return "sabre";
    case TraceFormat::kMahimahi: return "mahimahi";
  }
  return "?";
}

double NetworkTrace::total_duration_s() const {
  double total = 0;
  for (const auto& p : periods) total += p.duration_s;
  return total;
}

double NetworkTrace::mean_rate_bps() const {
  double bits = 0;
  double total = 0;
  for (const auto& p : periods) {
    bits += p.rate_bps * p.duration_s;
    total += p.duration_s;
  }
  return total > 0 ? bits / total : 0;
}

const TracePeriod& NetworkTrace::period_at(double t_s) const {
  double total = total_duration_s();
  double t = total > 0 ? std::fmod(std::max(t_s, 0.0), total) : 0;
  for (const auto& p : periods) {
    if (t < p.duration_s) return p;
    t -= p.duration_s;
  }
  return periods.back();
}

std::ostream& operator<<(std::ostream& os, const TracePeriod& p) {
  return os << "{" << p.duration_s << " s, " << p.rate_bps << " bit/s, " << p.latency_ms << " ms}";
}

Result<NetworkTrace> parse_pensieve_cooked(std::string_view text, std::string name) {
  NetworkTrace trace;
  trace.name = std::move(name);
  trace.format = TraceFormat::kPensieveCooked;
  int line_no = 0;
  for (std::string_view line : split_lines(text)) {
    ++line_no;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    auto fields = split_whitespace(line);
    auto t = fields.size() == 2 ? parse_double(fields[0]) : std::nullopt;
    auto bw = fields.size() == 2 ? parse_double(fields[1]) : std::nullopt;
    if (!t || !bw)
      return trace_error(trace.name, "line " + std::to_string(line_no) + ": expected '<time_s> <Mbit/s>'");
    if (*bw < 0) return trace_error(trace.name, "line " + std::to_string(line_no) + ": negative throughput");
    if (!trace.cooked_samples.empty() && *t < trace.cooked_samples.back().time_s)
      return trace_error(trace.name, "line " + std::to_string(line_no) + ": time goes backwards");
    trace.cooked_samples.push_back({*t, *bw});
  }
  if (trace.cooked_samples.size() < 2) return trace_error(trace.name, "needs at least two samples");
  // Sample k holds during (t[k-1], t[k]].
  for (size_t k = 1; k < trace.cooked_samples.size(); ++k) {
    double d = trace.cooked_samples[k].time_s - trace.cooked_samples[k - 1].time_s;
    if (d > 0) trace.periods.push_back({d, trace.cooked_samples[k].rate_mbps * 1e6, 0});
  }
  DS_RETURN_IF_ERROR(check_usable(trace));
  return trace;
}

Result<NetworkTrace> parse_sabre_json(std::string_view text, std::string name) {
  NetworkTrace trace;
  trace.name = std::move(name);
  trace.format = TraceFormat::kSabreJson;
  auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return trace_error(trace.name, "not valid JSON");
  if (!doc.is_array()) return trace_error(trace.name, "expected a JSON array of periods");
  size_t index = 0;
  for (const auto& item : doc) {
    auto number = [&](const char* key, bool required) -> std::optional<double> {
      if (!item.is_object() || !item.contains(key)) return required ? std::nullopt : std::optional(0.0);
      const auto& v = item[key];
      if (!v.is_number()) return std::nullopt;
      double d = v.get<double>();
      if (!std::isfinite(d) || d < 0) return std::nullopt;
      return d;
    };
    auto dur = number("duration_ms", true);
    auto bw = number("bandwidth_kbps", true);
    auto lat = number("latency_ms", false);
    if (!dur || !bw || !lat)
      return trace_error(trace.name, "period " + std::to_string(index) +
                                         ": needs non-negative duration_ms, bandwidth_kbps (and latency_ms)");
    if (*dur > 0) trace.periods.push_back({*dur / 1000.0, *bw * 1000.0, *lat});
    ++index;
  }
  DS_RETURN_IF_ERROR(check_usable(trace));
  return trace;
}

Result<NetworkTrace> parse_mahimahi(std::string_view text, std::string name) {
  NetworkTrace trace;
  trace.name = std::move(name);
  trace.format = TraceFormat::kMahimahi;
  std::vector<uint64_t> stamps_ms;
  int line_no = 0;
  for (std::string_view line : split_lines(text)) {
    ++line_no;
    line = trim(line);
    if (line.empty()) continue;
    auto ms = parse_uint64(line);
    if (!ms || *ms > (uint64_t{1} << 40))
      return trace_error(trace.name, "line " + std::to_string(line_no) + ": expected a millisecond timestamp");
    if (!stamps_ms.empty() && *ms < stamps_ms.back())
      return trace_error(trace.name, "line " + std::to_string(line_no) + ": time goes backwards");
    stamps_ms.push_back(*ms);
  }
  if (stamps_ms.empty() || stamps_ms.back() == 0)
    return trace_error(trace.name, "needs timestamps after 0 ms");
  // The trace repeats every `period_ms`; a packet at time T belongs to the
  // bucket holding (T-1) so that an opportunity at exactly `period_ms` counts.
  const uint64_t period_ms = stamps_ms.back();
  const uint64_t buckets = (period_ms + kMahimahiBucketMs - 1) / kMahimahiBucketMs;
  if (buckets > 1'000'000) return trace_error(trace.name, "longer than 100000 s");
  std::vector<uint64_t> count(buckets, 0);
  for (uint64_t ms : stamps_ms) count[(ms == 0 ? 0 : ms - 1) / kMahimahiBucketMs]++;
  for (uint64_t b = 0; b < buckets; ++b) {
    uint64_t len_ms = std::min<uint64_t>(kMahimahiBucketMs, period_ms - b * kMahimahiBucketMs);
    double dur_s = static_cast<double>(len_ms) / 1000.0;
    trace.periods.push_back({dur_s, static_cast<double>(count[b]) * kMahimahiPacketBytes * 8 / dur_s, 0});
  }
  DS_RETURN_IF_ERROR(check_usable(trace));
  return trace;
}

Result<NetworkTrace> parse_trace(std::string_view text, std::string name) {
  std::string_view body = trim(text);
  if (!body.empty() && body.front() == '[') return parse_sabre_json(text, std::move(name));
  for (std::string_view line : split_lines(body)) {
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    if (split_whitespace(line).size() == 1) return parse_mahimahi(text, std::move(name));
    break;
  }
  return parse_pensieve_cooked(text, std::move(name));
}

Result<NetworkTrace> read_trace_file(const std::filesystem::path& path) {
  auto text = read_file(path, 64u << 20);
  if (!text.ok()) return text.error();
  return parse_trace(*text, path.filename().string());
}

Result<std::vector<NetworkTrace>> read_traces(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) {
    auto one = read_trace_file(path);
    if (!one.ok()) return one.error();
    return std::vector<NetworkTrace>{std::move(one).value()};
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(path, ec))
    if (entry.is_regular_file() && entry.path().filename().string().front() != '.' &&
        entry.path().extension() != ".md")
      files.push_back(entry.path());
  if (ec) return make_error(ErrorCode::kIo, "list '" + path.string() + "': " + ec.message());
  std::sort(files.begin(), files.end());
  if (files.empty()) return make_error(ErrorCode::kNotFound, "no trace files in '" + path.string() + "'");
  std::vector<NetworkTrace> traces;
  for (const auto& f : files) {
    auto t = read_trace_file(f);
    if (!t.ok()) return t.error();
    traces.push_back(std::move(t).value());
  }
  return traces;
}

}  // namespace media
