#include "packager/progress.h"

#include <cmath>

namespace packager {
namespace {

std::string fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string human_bytes(uint64_t bytes) {
  if (bytes >= (1ull << 30)) return fixed(bytes / double(1ull << 30), 2) + " GiB";
  if (bytes >= (1ull << 20)) return fixed(bytes / double(1ull << 20), 1) + " MiB";
  return fixed(bytes / 1024.0, 1) + " KiB";
}

}  // namespace

std::string format_progress(const ProgressSnapshot& s) {
  std::string line;
  if (s.total_s > 0) line += fixed(std::min(100.0, 100.0 * s.done_s / s.total_s), 0) + "% ";
  line += fixed(s.done_s, 1) + " s";
  if (s.total_s > 0) line += "/" + fixed(s.total_s, 1) + " s";
  if (s.elapsed_s > 0) {
    if (s.frames > 0) line += " " + fixed(s.frames / s.elapsed_s, 0) + " fps";
    const double speed = s.done_s / s.elapsed_s;
    line += " " + fixed(speed, 1) + "x";
    if (s.total_s > 0 && speed > 0) line += " ETA " + fixed(std::max(0.0, (s.total_s - s.done_s) / speed), 0) + " s";
  }
  return line;
}

std::string format_summary(const RunSummary& r) {
  size_t video = 0, audio = 0, text = 0;
  uint64_t segments = 0;
  for (const auto& rep : r.representations) {
    (rep.kind == "video" ? video : rep.kind == "audio" ? audio : text)++;
    segments = std::max(segments, rep.segments);
  }
  std::string line = "dash-package: " + std::to_string(video) + " video + " + std::to_string(audio) + " audio" +
                     (text > 0 ? " + " + std::to_string(text) + " text" : std::string()) + " representations, " +
                     std::to_string(segments) + " segments, " + fixed(r.media_s, 1) +
                     " s of media in " + fixed(r.elapsed_s, 1) + " s";
  if (r.elapsed_s > 0) line += " (" + fixed(r.media_s / r.elapsed_s, 1) + "x)";
  line += ", " + human_bytes(r.size_bytes) + " (" + r.profile + ") -> " + r.manifest_path;
  return line;
}

nlohmann::json summary_json(const RunSummary& r) {
  nlohmann::json j;
  j["manifest"] = r.manifest_path;
  j["profile"] = r.profile;
  j["media_s"] = r.media_s;
  j["elapsed_s"] = r.elapsed_s;
  j["cpu_s"] = r.cpu_s;
  j["speed"] = r.elapsed_s > 0 ? r.media_s / r.elapsed_s : 0;
  j["bytes"] = r.size_bytes;
  j["representations"] = nlohmann::json::array();
  for (const auto& rep : r.representations) {
    nlohmann::json x{{"id", rep.id}, {"kind", rep.kind}, {"bandwidth", rep.bandwidth_bps},
                     {"segments", rep.segments}, {"bytes", rep.size_bytes}};
    if (rep.kind == "video") {
      x["width"] = rep.width;
      x["height"] = rep.height;
      if (rep.mean_psnr_db > 0) x["psnr_db"] = rep.mean_psnr_db;
      if (rep.psnr_display_db > 0) x["psnr_display"] = rep.psnr_display_db;
      if (rep.ssim_display > 0) x["ssim_display"] = rep.ssim_display;
      if (rep.encoder_threads > 0) x["encoder_threads"] = rep.encoder_threads;
    }
    j["representations"].push_back(x);
  }
  return j;
}

void TerminalProgress::on_progress(const ProgressSnapshot& s) {
  std::string line = "dash-package: " + format_progress(s);
  const size_t width = line.size();
  if (width < last_width_) line.append(last_width_ - width, ' ');
  last_width_ = width;
  std::fprintf(out_, "\r%s", line.c_str());
  std::fflush(out_);
}

void TerminalProgress::on_end() {
  if (last_width_ == 0) return;
  std::fprintf(out_, "\r%s\r", std::string(last_width_, ' ').c_str());
  std::fflush(out_);
  last_width_ = 0;
}

}  // namespace packager
