#include "player/sim/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "media/file_io.h"
#include "player/sim/svg_chart.h"

namespace sim {
namespace {

// Columns shared by sessions.csv and summary.csv (after algorithm,trace,sessions).
const char* kMetricColumns =
    "qoe_lin,qoe_log,qoe_hd,bitrate_mbps,rebuffer_s,rebuffer_count,switches,startup_s,rebuffer_ratio,"
    "switch_mbps,psnr_db,abandonments";

std::string metric_fields(const SessionMetrics& m) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.6f,%.6f,%.6f,%.6f,%.6f,%.4f,%.4f,%.6f,%.6f,%.6f,%.4f,%.4f", m.qoe_lin, m.qoe_log,
                m.qoe_hd, m.bitrate_mbps, m.rebuffer_s, m.rebuffer_count, m.switches, m.startup_s, m.rebuffer_ratio,
                m.switch_mbps, m.psnr_db, m.abandonments);
  return buf;
}

// CSV field quoting for trace names with commas or quotes.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

nlohmann::json metrics_json(const SessionMetrics& m) {
  return {{"qoe_lin", m.qoe_lin},           {"qoe_log", m.qoe_log},         {"qoe_hd", m.qoe_hd},
          {"bitrate_mbps", m.bitrate_mbps}, {"rebuffer_s", m.rebuffer_s},   {"rebuffer_count", m.rebuffer_count},
          {"switches", m.switches},         {"startup_s", m.startup_s},     {"rebuffer_ratio", m.rebuffer_ratio},
          {"switch_mbps", m.switch_mbps},   {"psnr_db", m.psnr_db},         {"abandonments", m.abandonments}};
}

std::vector<const SessionOutcome*> sessions_of(const BenchResult& r, size_t algorithm) {
  std::vector<const SessionOutcome*> out;
  for (const auto& s : r.sessions)
    if (s.algorithm == algorithm) out.push_back(&s);
  return out;
}

std::string cdf_chart(const BenchResult& r, const char* title, const char* label, double SessionMetrics::*field) {
  std::vector<Series> series;
  for (size_t a = 0; a < r.algorithms.size(); ++a) {
    std::vector<double> v;
    for (const auto* s : sessions_of(r, a)) v.push_back(s->metrics.*field);
    std::sort(v.begin(), v.end());
    Series s{r.algorithms[a], palette_color(a), {}, Series::Style::kLine};
    for (size_t i = 0; i < v.size(); ++i) s.points.push_back({v[i], double(i + 1) / double(v.size())});
    series.push_back(std::move(s));
  }
  return render_chart({title, label, "fraction of sessions", 640, 360}, series);
}

}  // namespace

std::vector<AlgorithmSummary> summarize(const BenchResult& r) {
  std::vector<AlgorithmSummary> out;
  for (size_t a = 0; a < r.algorithms.size(); ++a) {
    std::vector<SessionMetrics> m;
    double cpu = 0;
    for (const auto* s : sessions_of(r, a)) {
      m.push_back(s->metrics);
      cpu += s->cpu_s;
    }
    AlgorithmSummary sum;
    sum.algorithm = r.algorithms[a];
    sum.sessions = m.size();
    sum.mean = mean_metrics(m);
    sum.sessions_per_s = cpu > 0 ? double(m.size()) / cpu : 0;
    out.push_back(std::move(sum));
  }
  return out;
}

std::string format_table(const std::vector<AlgorithmSummary>& summaries) {
  std::ostringstream o;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-12s %8s %8s %8s %8s %8s %7s %8s %8s %8s %10s\n", "algorithm", "sessions",
                "qoe_lin", "qoe_log", "qoe_hd", "Mbit/s", "rebuf_s", "rebufs", "switches", "startup", "sessions/s");
  o << buf;
  for (const auto& s : summaries) {
    const auto& m = s.mean;
    std::snprintf(buf, sizeof buf, "%-12s %8zu %8.4f %8.4f %8.4f %8.3f %7.3f %8.2f %8.1f %8.3f %10.0f\n",
                  s.algorithm.c_str(), s.sessions, m.qoe_lin, m.qoe_log, m.qoe_hd, m.bitrate_mbps, m.rebuffer_s,
                  m.rebuffer_count, m.switches, m.startup_s, s.sessions_per_s);
    o << buf;
  }
  return o.str();
}

std::string sessions_csv(const BenchResult& r) {
  std::string out = std::string("algorithm,trace,sessions,") + kMetricColumns + "\n";
  for (const auto& s : r.sessions)
    out += csv_field(r.algorithms[s.algorithm]) + "," + csv_field(r.traces[s.trace]) + ",1," +
           metric_fields(s.metrics) + "\n";
  return out;
}

std::string summary_csv(const std::vector<AlgorithmSummary>& summaries) {
  std::string out = std::string("algorithm,trace,sessions,") + kMetricColumns + ",sessions_per_s\n";
  for (const auto& s : summaries) {
    char speed[32];
    std::snprintf(speed, sizeof speed, "%.0f", s.sessions_per_s);
    out += csv_field(s.algorithm) + ",," + std::to_string(s.sessions) + "," + metric_fields(s.mean) + "," + speed + "\n";
  }
  return out;
}

std::string summary_json(const ReportInfo& info, const BenchResult& r, const std::vector<AlgorithmSummary>& summaries) {
  nlohmann::json algos = nlohmann::json::array();
  for (const auto& s : summaries) {
    auto j = metrics_json(s.mean);
    j["algorithm"] = s.algorithm;
    j["sessions"] = s.sessions;
    j["sessions_per_s"] = s.sessions_per_s;
    algos.push_back(std::move(j));
  }
  nlohmann::json doc = {{"video", info.video},
                        {"model", info.model},
                        {"trace_sources", info.trace_sources},
                        {"traces", r.traces.size()},
                        {"default_algorithm", info.default_algorithm},
                        {"qoe", "mean per chunk over chunks 1..N-1 (abr-reference/REFERENCE-MODEL.md)"},
                        {"algorithms", algos}};
  return doc.dump(2) + "\n";
}

std::string report_html(const ReportInfo& info, const BenchResult& r, const std::vector<AlgorithmSummary>& summaries,
                        const std::vector<double>& trace_rates) {
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>dash-abr-bench report</title>\n"
       "<style>body{font-family:sans-serif;margin:24px;max-width:1400px} table{border-collapse:collapse}"
       " td,th{border:1px solid #ccc;padding:3px 8px;text-align:right} th{background:#f4f4f4}"
       " td:first-child{text-align:left} .charts{display:flex;flex-wrap:wrap;gap:12px}</style></head><body>\n";
  o << "<h1>dash-abr-bench</h1>\n<p>Video <b>" << html_escape(info.video) << "</b>, model <b>"
    << html_escape(info.model) << "</b>, " << r.traces.size() << " traces from ";
  for (size_t i = 0; i < info.trace_sources.size(); ++i)
    o << (i ? ", " : "") << "<code>" << html_escape(info.trace_sources[i]) << "</code>";
  o << ". QoE is the mean per chunk over chunks 1..N&minus;1; <code>default</code> is <b>"
    << html_escape(info.default_algorithm) << "</b>.</p>\n";
  o << "<table><tr><th>algorithm</th><th>sessions</th><th>QoE lin</th><th>QoE log</th><th>QoE HD</th>"
       "<th>bitrate Mbit/s</th><th>rebuffer s</th><th>rebuffers</th><th>switches</th><th>start-up s</th>"
       "<th>PSNR dB</th><th>sessions/s</th></tr>\n";
  for (const auto& s : summaries) {
    char row[512];
    const auto& m = s.mean;
    std::snprintf(row, sizeof row,
                  "<tr><td>%s</td><td>%zu</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.3f</td><td>%.3f</td>"
                  "<td>%.2f</td><td>%.1f</td><td>%.3f</td><td>%.2f</td><td>%.0f</td></tr>\n",
                  html_escape(s.algorithm).c_str(), s.sessions, m.qoe_lin, m.qoe_log, m.qoe_hd, m.bitrate_mbps,
                  m.rebuffer_s, m.rebuffer_count, m.switches, m.startup_s, m.psnr_db, s.sessions_per_s);
    o << row;
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
      for (const auto* s : sessions_of(r, a)) dots.points.push_back({s->metrics.rebuffer_s, s->metrics.bitrate_mbps});
      series.push_back(std::move(dots));
    }
    for (size_t a = 0; a < summaries.size(); ++a)
      series.push_back({summaries[a].algorithm, palette_color(a),
                        {{summaries[a].mean.rebuffer_s, summaries[a].mean.bitrate_mbps}}, Series::Style::kMarker});
    o << render_chart({"Sessions (dots) and algorithm means (circles)", "rebuffering per session (s)",
                       "mean bitrate (Mbit/s)", 900, 480},
                      series);
  }
  o << "</div>\n";

  // Time series: sessions on the traces at the 10th, 50th and 90th percentile
  // of mean link rate, for the default algorithm and the three baselines
  // with the best mean QoE_lin.
  if (!r.sessions.empty() && !r.sessions.front().log.chunks.empty() && !trace_rates.empty()) {
    std::vector<size_t> by_rate(r.traces.size());
    for (size_t i = 0; i < by_rate.size(); ++i) by_rate[i] = i;
    std::sort(by_rate.begin(), by_rate.end(), [&](size_t a, size_t b) { return trace_rates[a] < trace_rates[b]; });
    std::vector<size_t> chosen_traces;
    for (double q : {0.1, 0.5, 0.9}) {
      size_t t = by_rate[std::min(by_rate.size() - 1, static_cast<size_t>(q * double(by_rate.size())))];
      if (std::find(chosen_traces.begin(), chosen_traces.end(), t) == chosen_traces.end()) chosen_traces.push_back(t);
    }
    std::vector<size_t> order(summaries.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return summaries[a].mean.qoe_lin > summaries[b].mean.qoe_lin; });
    std::vector<size_t> chosen_algos;
    for (size_t a = 0; a < r.algorithms.size(); ++a)
      if (r.algorithms[a] == "default" || r.algorithms[a] == info.default_algorithm) chosen_algos.push_back(a);
    for (size_t a : order)
      if (chosen_algos.size() < 4 && std::find(chosen_algos.begin(), chosen_algos.end(), a) == chosen_algos.end())
        chosen_algos.push_back(a);
    o << "<h2>Chosen sessions</h2><p>Traces at the 10th, 50th and 90th percentile of mean link rate.</p>\n";
    for (size_t t : chosen_traces) {
      char head[256];
      std::snprintf(head, sizeof head, "<h3>%s (mean %.2f Mbit/s)</h3><div class=\"charts\">\n",
                    html_escape(r.traces[t]).c_str(), trace_rates[t] / 1e6);
      o << head;
      std::vector<Series> rate, buffer;
      for (size_t a : chosen_algos) {
        const SessionOutcome* s = nullptr;
        for (const auto& x : r.sessions)
          if (x.trace == t && x.algorithm == a) s = &x;
        if (s == nullptr) continue;
        Series sr{r.algorithms[a], palette_color(a), {}, Series::Style::kStep};
        Series sb{r.algorithms[a], palette_color(a), {}, Series::Style::kLine};
        for (const auto& c : s->log.chunks) {
          sr.points.push_back({c.end_time_s, c.bitrate_bps / 1e6});
          sb.points.push_back({c.end_time_s, c.buffer_after_s});
        }
        rate.push_back(std::move(sr));
        buffer.push_back(std::move(sb));
      }
      o << render_chart({"Bitrate of each chunk", "time (s)", "Mbit/s", 640, 300}, rate);
      o << render_chart({"Buffer after each chunk", "time (s)", "s", 640, 300}, buffer);
      o << "</div>\n";
    }
  }
  o << "</body></html>\n";
  return o.str();
}

media::Status write_reports(const std::filesystem::path& dir, const ReportInfo& info, const BenchResult& result,
                            const std::vector<double>& trace_rates) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return media::make_error(media::ErrorCode::kIo, "create '" + dir.string() + "': " + ec.message());
  const auto summaries = summarize(result);
  DS_RETURN_IF_ERROR(media::write_file_atomic(dir / "sessions.csv", sessions_csv(result)));
  DS_RETURN_IF_ERROR(media::write_file_atomic(dir / "summary.csv", summary_csv(summaries)));
  DS_RETURN_IF_ERROR(media::write_file_atomic(dir / "summary.json", summary_json(info, result, summaries)));
  DS_RETURN_IF_ERROR(media::write_file_atomic(dir / "report.html", report_html(info, result, summaries, trace_rates)));
  return {};
}

}  // namespace sim
