#include "player/sim/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>

#include "media/file_io.h"
#include "player/sim/report_format.h"

namespace sim {
namespace {

// The columns the issue asks for, then ours.
constexpr const char* kHeader =
    "algorithm,trace,sessions,qoe_lin,qoe_log,qoe_hd,bitrate_mbps,rebuffer_s,rebuffer_count,switches,startup_s,"
    "rebuffer_ratio,switch_mbps,abandoned,psnr_db,wasted_mb,dropped_frames,link_ratio,latency_mean_s,latency_p95_s,"
    "qoe_live,live_jumps";
constexpr size_t kMetricColumns = 19;  // from qoe_lin on

// An optional metric as a field: empty when the session or algorithm has none.
std::string optional_field(const char* format, const std::optional<double>& v) { return v ? fmt(format, *v) : ""; }

std::string metric_fields(const SessionMetrics& m) {
  return fmt("%.6f", m.qoe_lin) + "," + fmt("%.6f", m.qoe_log) + "," + fmt("%.6f", m.qoe_hd) + "," +
         fmt("%.6f", m.bitrate_mbps) + "," + fmt("%.6f", m.rebuffer_s) + "," + fmt("%.4f", m.rebuffer_count) + "," +
         fmt("%.4f", m.switches) + "," + fmt("%.6f", m.startup_s) + "," + fmt("%.6f", m.rebuffer_ratio) + "," +
         fmt("%.6f", m.switch_mbps) + "," + fmt("%.4f", m.abandoned) + "," + optional_field("%.4f", m.psnr_db) + "," +
         optional_field("%.6f", m.wasted_mb) + "," + optional_field("%.2f", m.dropped_frames) + "," +
         optional_field("%.4f", m.link_ratio) + "," + optional_field("%.4f", m.latency_mean_s) + "," +
         optional_field("%.4f", m.latency_p95_s) + "," + optional_field("%.6f", m.qoe_live) + "," +
         optional_field("%.3f", m.live_jumps);
}

// RFC 4180 quoting for names with commas, quotes or line breaks.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Empty where it was not measured (emulated players: the trace is unknown).
std::string utilisation_field(double utilisation) {
  return std::isfinite(utilisation) ? fmt("%.6f", utilisation) : std::string();
}

nlohmann::json metrics_json(const SessionMetrics& m) {
  nlohmann::json j = {{"qoe_lin", m.qoe_lin},           {"qoe_log", m.qoe_log},
                      {"qoe_hd", m.qoe_hd},             {"bitrate_mbps", m.bitrate_mbps},
                      {"rebuffer_s", m.rebuffer_s},     {"rebuffer_count", m.rebuffer_count},
                      {"switches", m.switches},         {"startup_s", m.startup_s},
                      {"rebuffer_ratio", m.rebuffer_ratio}, {"switch_mbps", m.switch_mbps},
                      {"abandoned", m.abandoned}};
  const auto optional = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  j["psnr_db"] = optional(m.psnr_db);
  j["wasted_mb"] = optional(m.wasted_mb);
  j["dropped_frames"] = optional(m.dropped_frames);
  j["link_ratio"] = optional(m.link_ratio);
  if (m.latency_mean_s) {  // live sessions only
    j["latency_mean_s"] = *m.latency_mean_s;
    j["latency_p95_s"] = optional(m.latency_p95_s);
    j["qoe_live"] = optional(m.qoe_live);
    j["live_jumps"] = optional(m.live_jumps);
  }
  return j;
}

}  // namespace

std::vector<AlgorithmSummary> summarize(const BenchResults& r) {
  std::vector<AlgorithmSummary> out;
  for (size_t a = 0; a < r.algorithms.size(); ++a) {
    AlgorithmSummary s;
    s.algorithm = r.algorithms[a];
    std::vector<SessionMetrics> ran;
    std::vector<std::vector<SessionMetrics>> by_player;
    double jain = 0, utilisation = 0;
    for (size_t t = 0; t < r.trace_count; ++t) {
      const auto& o = r.at(a, t);
      if (!o.ok()) {
        ++s.failed;
        continue;
      }
      ran.push_back(o.metrics);
      jain += o.jain;
      utilisation += o.utilisation;
      by_player.resize(std::max(by_player.size(), o.players.size()));
      for (size_t k = 0; k < o.players.size(); ++k) by_player[k].push_back(o.players[k]);
    }
    s.sessions = ran.size();
    s.mean = mean_metrics(ran);
    s.players = std::max<size_t>(1, by_player.size());
    for (const auto& p : by_player) s.per_player.push_back(mean_metrics(p));
    if (!ran.empty()) {
      s.jain = jain / static_cast<double>(ran.size());
      s.utilisation = utilisation / static_cast<double>(ran.size());
    }
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
  // Optional columns, shown when some algorithm has the metric (wasted bytes:
  // when some are wasted or real players are in the table, so tables of the
  // reference model stay as they were).
  struct Column {
    const char* name;
    std::optional<double> SessionMetrics::*field;
    const char* format;
    bool shown = false;
  };
  std::vector<Column> columns = {{"psnr_dB", &SessionMetrics::psnr_db, " %8.2f"},
                                 {"wasted_MB", &SessionMetrics::wasted_mb, " %9.3f"},
                                 {"dropped", &SessionMetrics::dropped_frames, " %8.1f"},
                                 {"link", &SessionMetrics::link_ratio, " %8.3f"},
                                 {"qoe_live", &SessionMetrics::qoe_live, " %8.4f"},
                                 {"lat_s", &SessionMetrics::latency_mean_s, " %6.2f"},
                                 {"lat_p95", &SessionMetrics::latency_p95_s, " %7.2f"},
                                 {"jumps", &SessionMetrics::live_jumps, " %6.2f"}};
  bool shared = false;  // players shared links: Jain's index and the link's utilisation
  int name_width = 12;
  bool real_players = false;
  for (const auto& s : summaries) {
    shared = shared || s.players > 1;
    name_width = std::max(name_width, static_cast<int>(s.algorithm.size()));
    real_players = real_players || s.mean.dropped_frames || s.mean.link_ratio;
    for (auto& c : columns) {
      const auto& v = s.mean.*c.field;
      c.shown = c.shown || (v && (c.field != &SessionMetrics::wasted_mb || *v > 0));
    }
  }
  for (auto& c : columns)
    if (c.field == &SessionMetrics::wasted_mb) c.shown = c.shown || real_players;
  std::ostringstream o;
  char buf[320];
  std::snprintf(buf, sizeof buf, "%-*s %8s %8s %8s %8s %7s %8s %7s %8s %8s", name_width, "algorithm", "sessions",
                "qoe_lin", "qoe_log", "qoe_hd", "Mbit/s", "rebuf_s", "rebufs", "switches", "startup");
  o << buf;
  for (const auto& c : columns)
    if (c.shown) o << std::string(fmt(c.format, 0).size() - std::strlen(c.name), ' ') << c.name;
  if (shared) o << "     jain link_use";
  o << "  sessions/s\n";
  for (const auto& s : summaries) {
    const auto& m = s.mean;
    std::snprintf(buf, sizeof buf, "%-*s %8zu %8.4f %8.4f %8.4f %7.3f %8.3f %7.2f %8.2f %8.3f", name_width,
                  s.algorithm.c_str(), s.sessions, m.qoe_lin, m.qoe_log, m.qoe_hd, m.bitrate_mbps, m.rebuffer_s,
                  m.rebuffer_count, m.switches, m.startup_s);
    o << buf;
    for (const auto& c : columns)
      if (c.shown) o << (m.*c.field ? fmt(c.format, *(m.*c.field)) : std::string(fmt(c.format, 0).size(), ' '));
    if (shared && s.players > 1)  // the link's utilisation is unknown for emulated players ("-")
      o << fmt(" %8.4f", s.jain) << (std::isfinite(s.utilisation) ? fmt(" %8.3f", s.utilisation) : "        -");
    else if (shared)  // a row of one player per link (sim:NAME beside shared emulated links)
      o << std::string(18, ' ');
    o << fmt(" %11.0f", s.sessions_per_s) << (s.failed ? " (" + std::to_string(s.failed) + " failed)" : "") << "\n";
  }
  return o.str();
}

std::string format_players_table(const std::vector<AlgorithmSummary>& summaries, double join_every_s) {
  int name_width = 12;
  for (const auto& s : summaries) name_width = std::max(name_width, static_cast<int>(s.algorithm.size()));
  std::ostringstream o;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-*s %6s %7s %8s %8s %8s %7s %8s %7s %8s\n", name_width, "algorithm", "player",
                "join_s", "qoe_lin", "qoe_log", "qoe_hd", "Mbit/s", "rebuf_s", "rebufs", "switches");
  o << buf;
  for (const auto& s : summaries)
    for (size_t k = 0; k < s.per_player.size(); ++k) {
      const auto& m = s.per_player[k];
      std::snprintf(buf, sizeof buf, "%-*s %6zu %7.1f %8.4f %8.4f %8.4f %7.3f %8.3f %7.2f %8.2f\n", name_width,
                    s.algorithm.c_str(), k, static_cast<double>(k) * join_every_s, m.qoe_lin, m.qoe_log, m.qoe_hd,
                    m.bitrate_mbps, m.rebuffer_s, m.rebuffer_count, m.switches);
      o << buf;
    }
  return o.str();
}

std::string players_csv(std::span<const GroupReport> groups) {
  std::string out = "algorithm,trace,player,join_s," + std::string(kHeader).substr(std::string_view(kHeader).find("qoe_lin")) +
                    ",jain,link_utilisation,group\n";
  for (const auto& g : groups) {
    const BenchResults& r = *g.results;
    for (size_t a = 0; a < r.algorithms.size(); ++a)
      for (size_t t = 0; t < r.trace_count; ++t) {
        const auto& o = r.at(a, t);
        const std::string name = t < g.traces.size() ? g.traces[t].trace.name : std::to_string(t);
        for (size_t k = 0; k < o.players.size(); ++k)
          out += csv_field(r.algorithms[a]) + "," + csv_field(name) + "," + std::to_string(k) + "," +
                 fmt("%.3f", static_cast<double>(k) * g.info.join_every_s) + "," + metric_fields(o.players[k]) + "," +
                 fmt("%.6f", o.jain) + "," + utilisation_field(o.utilisation) + "," + csv_field(g.info.group) + "\n";
      }
  }
  return out;
}

std::string sessions_csv(std::span<const GroupReport> groups) {
  std::string out = std::string(kHeader) + ",error,group\n";
  for (const auto& g : groups) {
    const BenchResults& r = *g.results;
    for (size_t a = 0; a < r.algorithms.size(); ++a)
      for (size_t t = 0; t < r.trace_count; ++t) {
        const auto& o = r.at(a, t);
        const std::string name = t < g.traces.size() ? g.traces[t].trace.name : std::to_string(t);
        out += csv_field(r.algorithms[a]) + "," + csv_field(name) + "," + std::to_string(g.info.players) + "," +
               (o.ok() ? metric_fields(o.metrics) : std::string(kMetricColumns - 1, ',')) + "," + csv_field(o.error) + "," +
               csv_field(g.info.group) + "\n";
      }
  }
  return out;
}

std::string predictions_csv(std::span<const GroupReport> groups) {
  std::string out = "algorithm,trace,segment,predicted_bps,actual_bps,group\n";
  for (const auto& g : groups) {
    const BenchResults& r = *g.results;
    for (size_t a = 0; a < r.algorithms.size(); ++a)
      for (size_t t = 0; t < r.trace_count; ++t) {
        const std::string prefix = csv_field(r.algorithms[a]) + "," +
                                   csv_field(t < g.traces.size() ? g.traces[t].trace.name : std::to_string(t)) + ",";
        for (const auto& p : r.at(a, t).predictions)
          out += prefix + std::to_string(p.segment) + "," + fmt("%.0f", p.predicted_bps) + "," +
                 fmt("%.0f", p.actual_bps) + "," + csv_field(g.info.group) + "\n";
      }
  }
  return out;
}

std::string summary_csv(std::span<const GroupReport> groups) {
  std::string out = std::string(kHeader) + ",failed,sessions_per_s,players,jain,link_utilisation,group\n";
  for (const auto& g : groups)
    for (const auto& s : g.summaries) {
      // Jain's index and utilisation are measured only where players shared a link.
      const std::string shared = s.players > 1 ? fmt("%.6f", s.jain) + "," + utilisation_field(s.utilisation) : ",";
      out += csv_field(s.algorithm) + ",," + std::to_string(s.sessions) + "," + metric_fields(s.mean) + "," +
             std::to_string(s.failed) + "," + fmt("%.1f", s.sessions_per_s) + "," + std::to_string(s.players) + "," +
             shared + "," + csv_field(g.info.group) + "\n";
    }
  return out;
}

std::string summary_json(std::span<const GroupReport> groups) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& g : groups) {
    nlohmann::json algorithms = nlohmann::json::array();
    for (const auto& s : g.summaries) {
      auto j = metrics_json(s.mean);
      j["algorithm"] = s.algorithm;
      j["sessions"] = s.sessions;
      j["failed"] = s.failed;
      j["sessions_per_s"] = s.sessions_per_s;
      if (s.players > 1) {
        j["players"] = s.players;
        j["jain"] = s.jain;
        j["link_utilisation"] = std::isfinite(s.utilisation) ? nlohmann::json(s.utilisation) : nlohmann::json(nullptr);
        nlohmann::json per_player = nlohmann::json::array();
        for (size_t k = 0; k < s.per_player.size(); ++k) {
          auto p = metrics_json(s.per_player[k]);
          p["player"] = k;
          p["join_s"] = static_cast<double>(k) * g.info.join_every_s;
          per_player.push_back(std::move(p));
        }
        j["per_player"] = std::move(per_player);
      }
      algorithms.push_back(std::move(j));
    }
    list.push_back({{"group", g.info.group},
                    {"video", g.info.video},
                    {"trace_sources", g.info.trace_sources},
                    {"traces", g.results->trace_count},
                    {"wall_seconds", g.results->wall_seconds},
                    {"algorithms", algorithms}});
  }
  nlohmann::json doc = {{"model", groups.empty() ? "" : groups[0].info.model},
                        {"default_algorithm", groups.empty() ? "" : groups[0].info.default_algorithm},
                        {"metrics", "per session over chunks 1..N-1 (QoE: mean per chunk), then the mean over sessions; "
                                    "see player/sim/README.md"},
                        {"groups", list}};
  return doc.dump(2) + "\n";
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

media::Status write_reports(const std::filesystem::path& dir, std::span<const GroupReport> groups) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return media::make_error(media::ErrorCode::kIo, "create '" + dir.string() + "': " + ec.message());
  DS_RETURN_IF_ERROR(media::write_file_atomic(dir / "sessions.csv", sessions_csv(groups)));
  DS_RETURN_IF_ERROR(media::write_file_atomic(dir / "summary.csv", summary_csv(groups)));
  DS_RETURN_IF_ERROR(media::write_file_atomic(dir / "predictions.csv", predictions_csv(groups)));
  DS_RETURN_IF_ERROR(media::write_file_atomic(dir / "summary.json", summary_json(groups)));
  DS_RETURN_IF_ERROR(media::write_file_atomic(dir / "report.html", report_html(groups)));
  const bool shared = std::any_of(groups.begin(), groups.end(), [](const GroupReport& g) { return g.info.players > 1; });
  if (shared) DS_RETURN_IF_ERROR(media::write_file_atomic(dir / "players.csv", players_csv(groups)));
  return {};
}

}  // namespace sim
