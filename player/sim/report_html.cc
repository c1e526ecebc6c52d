// report.html: per group its table, QoE CDFs per algorithm, bitrate against
// rebuffering, predicted against actual throughput and the chosen sessions'
// time series, as inline SVG.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "media/text.h"
#include "player/sim/report.h"
#include "player/sim/report_format.h"
#include "player/sim/svg_chart.h"

namespace sim {
namespace {

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
  ChartSpec spec;
  spec.title = title;
  spec.x_label = std::string(label) + " (axis from the 2nd percentile)";
  spec.y_label = "fraction of sessions";
  spec.x_min = percentile(r, field, 0.02);
  return render_chart(spec, series);
}


// Prediction errors of one algorithm over a group: actual / predicted per segment.
struct PredictionErrors {
  std::vector<double> ratios;  // sorted
  double mean_abs_log2 = 0;
};

PredictionErrors prediction_errors(const BenchResults& r, size_t a) {
  PredictionErrors e;
  for (size_t t = 0; t < r.trace_count; ++t)
    for (const auto& p : r.at(a, t).predictions)
      if (p.predicted_bps > 0 && p.actual_bps > 0) e.ratios.push_back(double(p.actual_bps) / double(p.predicted_bps));
  std::sort(e.ratios.begin(), e.ratios.end());
  for (double x : e.ratios) e.mean_abs_log2 += std::fabs(std::log2(x));
  if (!e.ratios.empty()) e.mean_abs_log2 /= static_cast<double>(e.ratios.size());
  return e;
}

double share_below(const std::vector<double>& sorted, double x) {
  if (sorted.empty()) return 0;
  return static_cast<double>(std::lower_bound(sorted.begin(), sorted.end(), x) - sorted.begin()) /
         static_cast<double>(sorted.size());
}

// Predicted against actual throughput, per segment: a scatter for one
// algorithm (the default when it predicts), a CDF of actual / predicted for
// every algorithm that predicts, and a table of the error.
std::string prediction_section(const GroupReport& g) {
  const BenchResults& r = *g.results;
  std::vector<size_t> predicting;
  std::vector<PredictionErrors> errors;
  for (size_t a = 0; a < r.algorithms.size(); ++a) {
    auto e = prediction_errors(r, a);
    if (e.ratios.empty()) continue;
    predicting.push_back(a);
    errors.push_back(std::move(e));
  }
  if (predicting.empty()) return {};
  std::ostringstream o;
  o << "<h3>Predicted against actual throughput</h3><p>Each algorithm's throughput prediction when it chose a "
       "segment (its <code>estimate_bps</code>: for hedge and robustMPC the hedged rate they plan with) against the "
       "segment's bytes over its transfer time.</p>\n";
  o << "<table><tr><th>algorithm</th><th>segments</th><th>median actual/predicted</th>"
       "<th>actual &lt; &frac12; predicted</th><th>actual &gt; 2&times; predicted</th>"
       "<th>mean |log<sub>2</sub>(actual/predicted)|</th></tr>\n";
  for (size_t k = 0; k < predicting.size(); ++k) {
    const auto& v = errors[k].ratios;
    o << "<tr><td>" << media::html_escape(r.algorithms[predicting[k]]) << "</td><td>" << v.size() << "</td><td>"
      << fmt("%.3f", v[v.size() / 2]) << "</td><td>" << fmt("%.1f%%", 100 * share_below(v, 0.5)) << "</td><td>"
      << fmt("%.1f%%", 100 * (1 - share_below(v, 2.0))) << "</td><td>" << fmt("%.3f", errors[k].mean_abs_log2)
      << "</td></tr>\n";
  }
  o << "</table><div class=\"charts\">\n";
  size_t shown = 0;  // the scatter's algorithm: the default when it predicts, else the first
  for (size_t k = 0; k < predicting.size(); ++k)
    if (r.algorithms[predicting[k]] == g.info.default_algorithm) shown = k;
  const size_t a = predicting[shown];
  std::vector<Point> points;
  for (size_t t = 0; t < r.trace_count; ++t)
    for (const auto& p : r.at(a, t).predictions) points.push_back({p.predicted_bps / 1e6, p.actual_bps / 1e6});
  // At most 4000 dots (every k-th), axes to the 98th percentile of either.
  std::vector<double> all;
  for (const auto& p : points) {
    all.push_back(p.x);
    all.push_back(p.y);
  }
  std::sort(all.begin(), all.end());
  const double top = all.empty() ? 1 : all[std::min(all.size() - 1, all.size() * 98 / 100)];
  Series dots{"", palette_color(a), {}, Series::Style::kDots};
  const size_t every = points.size() / 4000 + 1;
  for (size_t i = 0; i < points.size(); i += every) dots.points.push_back(points[i]);
  Series diagonal{"actual = predicted", "#000", {{0, 0}, {top, top}}, Series::Style::kLine};
  ChartSpec scatter;
  scatter.title = r.algorithms[a] + ": throughput per segment";
  scatter.x_label = "predicted (Mbit/s)";
  scatter.y_label = "actual (Mbit/s)";
  scatter.width = 520;
  scatter.height = 440;
  scatter.x_min = 0;
  scatter.x_max = top;
  scatter.y_min = 0;
  scatter.y_max = top;
  o << render_chart(scatter, {dots, diagonal});
  std::vector<Series> cdfs;
  for (size_t k = 0; k < predicting.size(); ++k) {
    Series c{r.algorithms[predicting[k]], palette_color(predicting[k]), {}, Series::Style::kStep};
    const auto& v = errors[k].ratios;
    const size_t step = v.size() / 500 + 1;
    for (size_t i = 0; i < v.size(); i += step)
      c.points.push_back({std::log2(v[i]), static_cast<double>(i + 1) / static_cast<double>(v.size())});
    c.points.push_back({std::log2(v.back()), 1});
    cdfs.push_back(std::move(c));
  }
  ChartSpec cdf;
  cdf.title = "CDF of actual / predicted throughput per segment";
  cdf.x_label = "log2(actual / predicted): -1 = half the prediction";
  cdf.y_label = "fraction of segments";
  cdf.x_min = -3;
  cdf.x_max = 3;
  o << render_chart(cdf, cdfs) << "</div>\n";
  return o.str();
}


std::string summary_table_html(const std::vector<AlgorithmSummary>& summaries) {
  std::ostringstream o;
  // Live sessions (--live) add QoE_live, latency and jumps.
  const bool live = std::any_of(summaries.begin(), summaries.end(),
                                [](const AlgorithmSummary& s) { return s.mean.latency_mean_s.has_value(); });
  o << "<table><tr><th>algorithm</th><th>sessions</th><th>QoE lin</th><th>QoE log</th><th>QoE HD</th>"
       "<th>bitrate Mbit/s</th><th>rebuffer s</th><th>rebuffers</th><th>switches</th><th>start-up s</th>"
       "<th>PSNR dB</th><th>wasted MB</th><th>dropped frames</th><th>link ratio</th>"
    << (live ? "<th>QoE live</th><th>latency s</th><th>latency p95 s</th><th>jumps</th>" : "")
    << "<th>sessions/s</th></tr>\n";
  const auto cell = [](const char* format, const std::optional<double>& v) {
    return "</td><td>" + (v ? fmt(format, *v) : std::string("&ndash;"));
  };
  for (const auto& s : summaries) {
    const auto& m = s.mean;
    o << "<tr><td>" << media::html_escape(s.algorithm) << "</td><td>" << s.sessions << "</td><td>" << fmt("%.4f", m.qoe_lin)
      << "</td><td>" << fmt("%.4f", m.qoe_log) << "</td><td>" << fmt("%.4f", m.qoe_hd) << "</td><td>"
      << fmt("%.3f", m.bitrate_mbps) << "</td><td>" << fmt("%.3f", m.rebuffer_s) << "</td><td>"
      << fmt("%.2f", m.rebuffer_count) << "</td><td>" << fmt("%.2f", m.switches) << "</td><td>"
      << fmt("%.3f", m.startup_s) << cell("%.2f", m.psnr_db) << cell("%.3f", m.wasted_mb)
      << cell("%.1f", m.dropped_frames) << cell("%.3f", m.link_ratio)
      << (live ? cell("%.4f", m.qoe_live) + cell("%.2f", m.latency_mean_s) + cell("%.2f", m.latency_p95_s) +
                     cell("%.2f", m.live_jumps)
               : std::string())
      << "</td><td>" << fmt("%.0f", s.sessions_per_s)
      << "</td></tr>\n";
  }
  return o.str() + "</table>\n";
}

// Several players on one link: fairness, the link's use and each player's share.
std::string players_html(const GroupReport& g) {
  std::ostringstream o;
  o << "<h3>" << g.info.players << " players on one link</h3><p>Player k joins at k &times; "
    << fmt("%.1f", g.info.join_every_s)
    << " s; the active downloads share the trace's rate equally. Jain's index of the players' mean bitrates (1: "
       "equal) and the link's utilisation (delivered bytes / what the trace could carry from the first join to the "
       "last byte), as means over the traces; then each player's metrics.</p>\n"
       "<table><tr><th>algorithm</th><th>player</th><th>join s</th><th>QoE lin</th><th>QoE log</th><th>QoE HD</th>"
       "<th>bitrate Mbit/s</th><th>rebuffer s</th><th>switches</th><th>Jain</th><th>utilisation</th></tr>\n";
  for (const auto& s : g.summaries)
    for (size_t k = 0; k < s.per_player.size(); ++k) {
      const auto& m = s.per_player[k];
      o << "<tr><td>" << media::html_escape(s.algorithm) << "</td><td>" << k << "</td><td>"
        << fmt("%.1f", static_cast<double>(k) * g.info.join_every_s) << "</td><td>" << fmt("%.4f", m.qoe_lin)
        << "</td><td>" << fmt("%.4f", m.qoe_log) << "</td><td>" << fmt("%.4f", m.qoe_hd) << "</td><td>"
        << fmt("%.3f", m.bitrate_mbps) << "</td><td>" << fmt("%.3f", m.rebuffer_s) << "</td><td>"
        << fmt("%.2f", m.switches) << "</td><td>" << (k == 0 ? fmt("%.4f", s.jain) : "") << "</td><td>"
        << (k == 0 ? (std::isfinite(s.utilisation) ? fmt("%.3f", s.utilisation) : "&ndash;") : "") << "</td></tr>\n";
    }
  return o.str() + "</table>\n";
}

std::string bitrate_rebuffer_chart(const BenchResults& r, const std::vector<AlgorithmSummary>& summaries) {
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
  ChartSpec spec;
  spec.title = "Sessions (dots) and algorithm means (circles)";
  spec.x_label = "rebuffering per session (s; axis to the 98th percentile)";
  spec.y_label = "mean bitrate (Mbit/s)";
  spec.width = 900;
  spec.height = 480;
  spec.x_min = 0;
  spec.x_max = std::max(1.0, percentile(r, &SessionMetrics::rebuffer_s, 0.98));
  return render_chart(spec, series);
}

std::string chosen_sessions_html(const GroupReport& g) {
  const BenchResults& r = *g.results;
  std::ostringstream o;
  if (g.info.players > 1)
    o << "<h3>Chosen sessions</h3><p>Traces at the 10th, 50th and 90th percentile of mean link rate; every player of "
         "the default algorithm (or the best by mean QoE_lin) on the shared link, in link time.</p>\n";
  else
    o << "<h3>Chosen sessions</h3><p>Traces at the 10th, 50th and 90th percentile of mean link rate; the default "
         "algorithm and the others with the best mean QoE_lin.</p>\n";
  for (const auto& c : g.chosen) {
    o << "<h4>" << media::html_escape(c.trace) << " (mean " << fmt("%.2f", c.mean_rate_bps / 1e6)
      << " Mbit/s)</h4><div class=\"charts\">\n";
    std::vector<Series> rate, buffer;
    for (const auto& [algorithm, session] : c.runs) {
      size_t a = 0;
      while (a < r.algorithms.size() && r.algorithms[a] != algorithm) ++a;
      if (a == r.algorithms.size()) a = rate.size();  // a player of a shared link: one colour each
      Series sr{algorithm, palette_color(a), {}, Series::Style::kStep};
      Series sb{algorithm, palette_color(a), {}, Series::Style::kLine};
      for (const auto& chunk : session.chunks) {
        sr.points.push_back({chunk.request_s, g.video->bitrates_bps[chunk.rung] / 1e6});
        sb.points.push_back({chunk.request_s + chunk.delay_s, chunk.buffer_s});
      }
      rate.push_back(std::move(sr));
      buffer.push_back(std::move(sb));
    }
    ChartSpec spec;
    spec.height = 300;
    spec.x_label = "session time (s)";
    spec.title = "Bitrate of each chunk (at its request)";
    spec.y_label = "Mbit/s";
    o << render_chart(spec, rate);
    spec.title = "Buffer after each chunk";
    spec.y_label = "s";
    o << render_chart(spec, buffer) << "</div>\n";
  }
  return o.str();
}

std::string group_html(const GroupReport& g) {
  const BenchResults& r = *g.results;
  std::ostringstream o;
  o << "<h2>" << media::html_escape(g.info.group.empty() ? "Results" : g.info.group) << "</h2>\n<p>Video <b>"
    << media::html_escape(g.info.video) << "</b>; " << r.trace_count << " traces from ";
  for (size_t i = 0; i < g.info.trace_sources.size(); ++i)
    o << (i ? ", " : "") << "<code>" << media::html_escape(g.info.trace_sources[i]) << "</code>";
  o << ".</p>\n" << summary_table_html(g.summaries);
  o << "<h3>QoE per session</h3><div class=\"charts\">\n";
  o << cdf_chart(r, "CDF of QoE_lin per chunk", "QoE_lin per chunk", &SessionMetrics::qoe_lin);
  o << cdf_chart(r, "CDF of QoE_log per chunk", "QoE_log per chunk", &SessionMetrics::qoe_log);
  o << cdf_chart(r, "CDF of QoE_HD per chunk", "QoE_HD per chunk", &SessionMetrics::qoe_hd);
  o << "</div>\n<h3>Bitrate against rebuffering</h3><div class=\"charts\">\n"
    << bitrate_rebuffer_chart(r, g.summaries) << "</div>\n";
  if (g.info.players > 1) o << players_html(g);
  o << prediction_section(g);
  if (!g.chosen.empty()) o << chosen_sessions_html(g);
  return o.str();
}

}  // namespace

std::string report_html(std::span<const GroupReport> groups) {
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>dash-abr-bench report</title>\n"
       "<style>body{font-family:sans-serif;margin:24px;max-width:1400px} table{border-collapse:collapse}"
       " td,th{border:1px solid #ccc;padding:3px 8px;text-align:right} th{background:#f4f4f4}"
       " td:first-child{text-align:left} .charts{display:flex;flex-wrap:wrap;gap:12px}</style></head><body>\n";
  o << "<h1>dash-abr-bench</h1>\n";
  if (!groups.empty())
    o << "<p>Model <b>" << media::html_escape(groups[0].info.model) << "</b>; " << groups.size()
      << (groups.size() == 1 ? " group" : " groups")
      << " of traces. QoE is the mean per chunk over chunks 1..N&minus;1 (chunk 0 is start-up); <code>default</code> "
         "is <b>"
      << media::html_escape(groups[0].info.default_algorithm) << "</b>.</p>\n";
  for (const auto& g : groups) o << group_html(g);
  o << "</body></html>\n";
  return o.str();
}

}  // namespace sim
