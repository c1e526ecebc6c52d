#include "player/sim/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "media/file_io.h"
#include "media/text.h"
#include "player/sim/svg_chart.h"

namespace sim {
namespace {

// The columns the issue asks for, then ours.
constexpr const char* kHeader =
    "algorithm,trace,sessions,qoe_lin,qoe_log,qoe_hd,bitrate_mbps,rebuffer_s,rebuffer_count,switches,startup_s,"
    "rebuffer_ratio,switch_mbps,abandoned,psnr_db";

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string metric_fields(const SessionMetrics& m) {
  return fmt("%.6f", m.qoe_lin) + "," + fmt("%.6f", m.qoe_log) + "," + fmt("%.6f", m.qoe_hd) + "," +
         fmt("%.6f", m.bitrate_mbps) + "," + fmt("%.6f", m.rebuffer_s) + "," + fmt("%.4f", m.rebuffer_count) + "," +
         fmt("%.4f", m.switches) + "," + fmt("%.6f", m.startup_s) + "," + fmt("%.6f", m.rebuffer_ratio) + "," +
         fmt("%.6f", m.switch_mbps) + "," + fmt("%.4f", m.abandoned) + "," +
         (m.psnr_db ? fmt("%.4f", *m.psnr_db) : std::string());
}

// RFC 4180 quoting for names with commas, quotes or line breaks.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

nlohmann::json metrics_json(const SessionMetrics& m) {
  nlohmann::json j = {{"qoe_lin", m.qoe_lin},           {"qoe_log", m.qoe_log},
                      {"qoe_hd", m.qoe_hd},             {"bitrate_mbps", m.bitrate_mbps},
                      {"rebuffer_s", m.rebuffer_s},     {"rebuffer_count", m.rebuffer_count},
                      {"switches", m.switches},         {"startup_s", m.startup_s},
                      {"rebuffer_ratio", m.rebuffer_ratio}, {"switch_mbps", m.switch_mbps},
                      {"abandoned", m.abandoned}};
  j["psnr_db"] = m.psnr_db ? nlohmann::json(*m.psnr_db) : nlohmann::json(nullptr);
  return j;
}

// The value below which `share` of all sessions (every algorithm) lie: axes
// clipped there keep a few disastrous sessions from squeezing the rest.
double percentile(const BenchResults& r, double SessionMetrics::*field, double share) {
  std::vector<double> v;
  for (const auto& o : r.outcomes)
    if (o.ok()) v.push_back(o.metrics.*field);
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(share * static_cast<double>(v.size())))];
}

std::string cdf_chart(const BenchResults& r, const char* title, const char* label, double SessionMetrics::*field) {
  std::vector<Series> series;
  for (size_t a = 0; a < r.algorithms.size(); ++a) {
    std::vector<double> v;
    for (size_t t = 0; t < r.trace_count; ++t)
      if (r.at(a, t).ok()) v.push_back(r.at(a, t).metrics.*field);
    std::sort(v.begin(), v.end());
    Series s{r.algorithms[a], palette_color(a), {}, Series::Style::kStep};
    for (size_t i = 0; i < v.size(); ++i)
      s.points.push_back({v[i], static_cast<double>(i + 1) / static_cast<double>(v.size())});
    series.push_back(std::move(s));
  }
  ChartSpec spec{title, std::string(label) + " (axis from the 2nd percentile)", "fraction of sessions", 640, 360, {}, {}};
  spec.x_min = percentile(r, field, 0.02);
  return render_chart(spec, series);
}

}  // namespace

std::vector<AlgorithmSummary> summarize(const BenchResults& r) {
  std::vector<AlgorithmSummary> out;
  for (size_t a = 0; a < r.algorithms.size(); ++a) {
    AlgorithmSummary s;
    s.algorithm = r.algorithms[a];
    SessionMetrics& m = s.mean;
    double psnr = 0;
    size_t with_psnr = 0;
    for (size_t t = 0; t < r.trace_count; ++t) {
      const auto& o = r.at(a, t);
      if (!o.ok()) {
        ++s.failed;
        continue;
      }
      ++s.sessions;
      const auto& x = o.metrics;
      m.chunks += x.chunks;
      m.qoe_lin += x.qoe_lin;
      m.qoe_log += x.qoe_log;
      m.qoe_hd += x.qoe_hd;
      m.qoe_lin_sum += x.qoe_lin_sum;
      m.bitrate_mbps += x.bitrate_mbps;
      m.rebuffer_s += x.rebuffer_s;
      m.rebuffer_count += x.rebuffer_count;
      m.rebuffer_ratio += x.rebuffer_ratio;
      m.startup_s += x.startup_s;
      m.switches += x.switches;
      m.switch_mbps += x.switch_mbps;
      m.abandoned += x.abandoned;
      if (x.psnr_db) {
        psnr += *x.psnr_db;
        ++with_psnr;
      }
    }
    if (s.sessions > 0) {
      const double n = static_cast<double>(s.sessions);
      m.chunks /= s.sessions;
      for (double* f : {&m.qoe_lin, &m.qoe_log, &m.qoe_hd, &m.qoe_lin_sum, &m.bitrate_mbps, &m.rebuffer_s,
                        &m.rebuffer_count, &m.rebuffer_ratio, &m.startup_s, &m.switches, &m.switch_mbps,
                        &m.abandoned})
        *f /= n;
    }
    if (with_psnr > 0) m.psnr_db = psnr / static_cast<double>(with_psnr);
    const double seconds = a < r.session_seconds.size() ? r.session_seconds[a] : 0;
    s.sessions_per_s = seconds > 0 ? static_cast<double>(s.sessions + s.failed) / seconds : 0;
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<size_t> pick_traces_for_time_series(std::span<const BenchTrace> traces) {
  std::vector<size_t> by_rate(traces.size());
  for (size_t i = 0; i < by_rate.size(); ++i) by_rate[i] = i;
  std::vector<double> rate(traces.size());
  for (size_t i = 0; i < traces.size(); ++i) rate[i] = traces[i].trace.mean_rate_bps();
  std::stable_sort(by_rate.begin(), by_rate.end(), [&](size_t a, size_t b) { return rate[a] < rate[b]; });
  std::vector<size_t> chosen;
  if (traces.empty()) return chosen;
  for (double q : {0.1, 0.5, 0.9}) {
    const size_t t = by_rate[std::min(by_rate.size() - 1, static_cast<size_t>(q * static_cast<double>(by_rate.size())))];
    if (std::find(chosen.begin(), chosen.end(), t) == chosen.end()) chosen.push_back(t);
  }
  return chosen;
}

std::vector<size_t> pick_algorithms_for_time_series(const std::vector<AlgorithmSummary>& summaries,
                                                    const std::string& default_algorithm, size_t count) {
  std::vector<size_t> order(summaries.size()), chosen;
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return summaries[a].mean.qoe_lin > summaries[b].mean.qoe_lin; });
  for (size_t a = 0; a < summaries.size(); ++a)
    if (summaries[a].algorithm == default_algorithm && chosen.size() < count) chosen.push_back(a);
  for (size_t a : order)
    if (chosen.size() < count && std::find(chosen.begin(), chosen.end(), a) == chosen.end()) chosen.push_back(a);
  return chosen;
}

std::string format_table(const std::vector<AlgorithmSummary>& summaries) {
  bool psnr = false;
  int name_width = 12;
  for (const auto& s : summaries) {
    psnr = psnr || s.mean.psnr_db.has_value();
    name_width = std::max(name_width, static_cast<int>(s.algorithm.size()));
  }
  std::ostringstream o;
  char buf[320];
  std::snprintf(buf, sizeof buf, "%-*s %8s %8s %8s %8s %7s %8s %7s %8s %8s%s %11s\n", name_width, "algorithm",
                "sessions",
                "qoe_lin", "qoe_log", "qoe_hd", "Mbit/s", "rebuf_s", "rebufs", "switches", "startup",
                psnr ? "  psnr_dB" : "", "sessions/s");
  o << buf;
  for (const auto& s : summaries) {
    const auto& m = s.mean;
    const std::string psnr_field = !psnr ? "" : m.psnr_db ? fmt(" %8.2f", *m.psnr_db) : std::string(9, ' ');
    std::snprintf(buf, sizeof buf, "%-*s %8zu %8.4f %8.4f %8.4f %7.3f %8.3f %7.2f %8.2f %8.3f%s %11.0f%s\n",
                  name_width, s.algorithm.c_str(), s.sessions, m.qoe_lin, m.qoe_log, m.qoe_hd, m.bitrate_mbps, m.rebuffer_s,
                  m.rebuffer_count, m.switches, m.startup_s, psnr_field.c_str(), s.sessions_per_s,
                  s.failed ? (" (" + std::to_string(s.failed) + " failed)").c_str() : "");
    o << buf;
  }
  return o.str();
}

std::string sessions_csv(const BenchResults& r, std::span<const BenchTrace> traces) {
  std::string out = std::string(kHeader) + ",error\n";
  for (size_t a = 0; a < r.algorithms.size(); ++a)
    for (size_t t = 0; t < r.trace_count; ++t) {
      const auto& o = r.at(a, t);
      const std::string name = t < traces.size() ? traces[t].trace.name : std::to_string(t);
      out += csv_field(r.algorithms[a]) + "," + csv_field(name) + ",1," +
             (o.ok() ? metric_fields(o.metrics) : std::string(11, ',')) + "," + csv_field(o.error) + "\n";
    }
  return out;
}

std::string summary_csv(const std::vector<AlgorithmSummary>& summaries) {
  std::string out = std::string(kHeader) + ",failed,sessions_per_s\n";
  for (const auto& s : summaries)
    out += csv_field(s.algorithm) + ",," + std::to_string(s.sessions) + "," + metric_fields(s.mean) + "," +
           std::to_string(s.failed) + "," + fmt("%.1f", s.sessions_per_s) + "\n";
  return out;
}

std::string summary_json(const ReportInfo& info, const BenchResults& r, const std::vector<AlgorithmSummary>& summaries) {
  nlohmann::json algorithms = nlohmann::json::array();
  for (const auto& s : summaries) {
    auto j = metrics_json(s.mean);
    j["algorithm"] = s.algorithm;
    j["sessions"] = s.sessions;
    j["failed"] = s.failed;
    j["sessions_per_s"] = s.sessions_per_s;
    algorithms.push_back(std::move(j));
  }
  nlohmann::json doc = {{"video", info.video},
                        {"model", info.model},
                        {"trace_sources", info.trace_sources},
                        {"traces", r.trace_count},
                        {"default_algorithm", info.default_algorithm},
                        {"wall_seconds", r.wall_seconds},
                        {"metrics", "per session over chunks 1..N-1 (QoE: mean per chunk), then the mean over sessions; "
                                    "see player/sim/README.md"},
                        {"algorithms", algorithms}};
  return doc.dump(2) + "\n";
}

std::string report_html(const ReportInfo& info, const VideoModel& video, const BenchResults& r,
                        const std::vector<AlgorithmSummary>& summaries, const std::vector<ChosenSessions>& chosen) {
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>dash-abr-bench report</title>\n"
       "<style>body{font-family:sans-serif;margin:24px;max-width:1400px} table{border-collapse:collapse}"
       " td,th{border:1px solid #ccc;padding:3px 8px;text-align:right} th{background:#f4f4f4}"
       " td:first-child{text-align:left} .charts{display:flex;flex-wrap:wrap;gap:12px}</style></head><body>\n";
  o << "<h1>dash-abr-bench</h1>\n<p>Video <b>" << media::html_escape(info.video) << "</b>; model <b>"
    << media::html_escape(info.model) << "</b>; " << r.trace_count << " traces from ";
  for (size_t i = 0; i < info.trace_sources.size(); ++i)
    o << (i ? ", " : "") << "<code>" << media::html_escape(info.trace_sources[i]) << "</code>";
  o << ". QoE is the mean per chunk over chunks 1..N&minus;1 (chunk 0 is start-up); <code>default</code> is <b>"
    << media::html_escape(info.default_algorithm) << "</b>.</p>\n";
  o << "<table><tr><th>algorithm</th><th>sessions</th><th>QoE lin</th><th>QoE log</th><th>QoE HD</th>"
       "<th>bitrate Mbit/s</th><th>rebuffer s</th><th>rebuffers</th><th>switches</th><th>start-up s</th>"
       "<th>PSNR dB</th><th>sessions/s</th></tr>\n";
  for (const auto& s : summaries) {
    const auto& m = s.mean;
    o << "<tr><td>" << media::html_escape(s.algorithm) << "</td><td>" << s.sessions << "</td><td>" << fmt("%.4f", m.qoe_lin)
      << "</td><td>" << fmt("%.4f", m.qoe_log) << "</td><td>" << fmt("%.4f", m.qoe_hd) << "</td><td>"
      << fmt("%.3f", m.bitrate_mbps) << "</td><td>" << fmt("%.3f", m.rebuffer_s) << "</td><td>"
      << fmt("%.2f", m.rebuffer_count) << "</td><td>" << fmt("%.2f", m.switches) << "</td><td>"
      << fmt("%.3f", m.startup_s) << "</td><td>" << (m.psnr_db ? fmt("%.2f", *m.psnr_db) : "&ndash;") << "</td><td>"
      << fmt("%.0f", s.sessions_per_s) << "</td></tr>\n";
  }
  o << "</table>\n<h2>QoE per session</h2><div class=\"charts\">\n";
  o << cdf_chart(r, "CDF of QoE_lin per chunk", "QoE_lin per chunk", &SessionMetrics::qoe_lin);
  o << cdf_chart(r, "CDF of QoE_log per chunk", "QoE_log per chunk", &SessionMetrics::qoe_log);
  o << cdf_chart(r, "CDF of QoE_HD per chunk", "QoE_HD per chunk", &SessionMetrics::qoe_hd);
  o << "</div>\n<h2>Bitrate against rebuffering</h2><div class=\"charts\">\n";
  {
    std::vector<Series> series;
    for (size_t a = 0; a < r.algorithms.size(); ++a) {
      Series dots{"", palette_color(a), {}, Series::Style::kDots};
      for (size_t t = 0; t < r.trace_count; ++t)
        if (r.at(a, t).ok()) dots.points.push_back({r.at(a, t).metrics.rebuffer_s, r.at(a, t).metrics.bitrate_mbps});
      series.push_back(std::move(dots));
    }
    for (size_t a = 0; a < summaries.size(); ++a)
      series.push_back({summaries[a].algorithm, palette_color(a),
                        {{summaries[a].mean.rebuffer_s, summaries[a].mean.bitrate_mbps}}, Series::Style::kMarker});
    ChartSpec spec{"Sessions (dots) and algorithm means (circles)",
                   "rebuffering per session (s; axis to the 98th percentile)", "mean bitrate (Mbit/s)", 900, 480, {},
                   {}};
    spec.x_min = 0;
    spec.x_max = std::max(1.0, percentile(r, &SessionMetrics::rebuffer_s, 0.98));
    o << render_chart(spec, series);
  }
  o << "</div>\n";
  if (!chosen.empty()) {
    o << "<h2>Chosen sessions</h2><p>Traces at the 10th, 50th and 90th percentile of mean link rate; the default "
         "algorithm and the others with the best mean QoE_lin.</p>\n";
    for (const auto& c : chosen) {
      o << "<h3>" << media::html_escape(c.trace) << " (mean " << fmt("%.2f", c.mean_rate_bps / 1e6)
        << " Mbit/s)</h3><div class=\"charts\">\n";
      std::vector<Series> rate, buffer;
      for (const auto& [algorithm, session] : c.runs) {
        size_t a = 0;
        while (a < r.algorithms.size() && r.algorithms[a] != algorithm) ++a;
        Series sr{algorithm, palette_color(a), {}, Series::Style::kStep};
        Series sb{algorithm, palette_color(a), {}, Series::Style::kLine};
        for (const auto& chunk : session.chunks) {
          const double end_s = chunk.request_s + chunk.delay_s;
          sr.points.push_back({chunk.request_s, video.bitrates_bps[chunk.rung] / 1e6});
          sb.points.push_back({end_s, chunk.buffer_s});
        }
        rate.push_back(std::move(sr));
        buffer.push_back(std::move(sb));
      }
      o << render_chart({"Bitrate of each chunk (at its request)", "session time (s)", "Mbit/s", 640, 300, {}, {}},
                        rate);
      o << render_chart({"Buffer after each chunk", "session time (s)", "s", 640, 300, {}, {}}, buffer);
      o << "</div>\n";
    }
  }
  o << "</body></html>\n";
  return o.str();
}

std::string explain_session(const std::string& algorithm, const std::string& trace, const VideoModel& video,
                            const SessionResult& session) {
  std::ostringstream o;
  o << "# " << algorithm << " on " << trace << "\n";
  char buf[512];
  std::snprintf(buf, sizeof buf, "%5s %9s %6s %9s %8s %8s %8s %10s  %s\n", "chunk", "request_s", "rung", "kbit/s",
                "delay_s", "rebuf_s", "buffer_s", "est_kbit/s", "reason");
  o << buf;
  for (size_t n = 0; n < session.chunks.size(); ++n) {
    const auto& c = session.chunks[n];
    std::snprintf(buf, sizeof buf, "%5zu %9.2f %6u %9.0f %8.3f %8.3f %8.3f %10.0f  %s%s\n", n, c.request_s, c.rung,
                  video.bitrates_bps[c.rung] / 1000, c.delay_s, c.rebuffer_s, c.buffer_s, c.estimate_bps / 1000,
                  c.reason.text().c_str(), c.abandoned ? (" [" + std::to_string(c.abandoned) + " abandoned]").c_str() : "");
    o << buf;
  }
  return o.str();
}

media::Status write_reports(const std::filesystem::path& dir, const ReportInfo& info, const VideoModel& video,
                            const BenchResults& results, std::span<const BenchTrace> traces,
                            const std::vector<ChosenSessions>& chosen) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return media::make_error(media::ErrorCode::kIo, "create '" + dir.string() + "': " + ec.message());
  const auto summaries = summarize(results);
  DS_RETURN_IF_ERROR(media::write_file_atomic(dir / "sessions.csv", sessions_csv(results, traces)));
  DS_RETURN_IF_ERROR(media::write_file_atomic(dir / "summary.csv", summary_csv(summaries)));
  DS_RETURN_IF_ERROR(media::write_file_atomic(dir / "summary.json", summary_json(info, results, summaries)));
  DS_RETURN_IF_ERROR(
      media::write_file_atomic(dir / "report.html", report_html(info, video, results, summaries, chosen)));
  return {};
}

}  // namespace sim
