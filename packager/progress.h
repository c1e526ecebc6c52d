// Progress reporting as an observer: the pipeline publishes snapshots, the
// terminal printer draws one refreshing line (percent, frames/s, speed as ×
// real time, ETA), and the run ends with a one-line or JSON summary. The
// encode loop itself never prints.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace packager {

struct ProgressSnapshot {
  double done_s = 0;      // media time every representation has encoded
  double total_s = 0;     // media duration; 0 when unknown
  int64_t frames = 0;     // video frames the slowest rung has encoded
  double elapsed_s = 0;   // wall time since the start
  bool operator==(const ProgressSnapshot&) const = default;
};

struct RepresentationSummary {
  std::string id;
  std::string kind;  // "video" / "audio"
  uint32_t width = 0;
  uint32_t height = 0;
  uint64_t bandwidth_bps = 0;
  uint64_t segments = 0;
  uint64_t size_bytes = 0;
  double mean_psnr_db = 0;  // video; 0 when unknown
  int encoder_threads = 0;  // video; 0 when copied
  double psnr_display_db = 0;  // video, --quality display: over all segments (from their squared errors); 0 when unknown
  double ssim_display = 0;     // video, --quality display: mean over segments; 0 when unknown
};

struct RunSummary {
  std::string manifest_path;
  std::string profile;
  double media_s = 0;
  double elapsed_s = 0;
  double cpu_s = 0;
  uint64_t size_bytes = 0;
  std::vector<RepresentationSummary> representations;
};

class ProgressObserver {
 public:
  virtual ~ProgressObserver() = default;
  virtual void on_progress(const ProgressSnapshot& snapshot) = 0;
  // The run ended (committed or not): clear any partial line.
  virtual void on_end() {}
};

// "42% 12.6 s/30.0 s 301 fps 3.4x ETA 5 s" (the parts that are known).
std::string format_progress(const ProgressSnapshot& s);

// "dash-package: 4 video + 1 audio representations, 8 segments each, 30.0 s of media in 9.1 s (3.3x) → out/manifest.mpd"
std::string format_summary(const RunSummary& summary);
nlohmann::json summary_json(const RunSummary& summary);

// Draws the progress line on a terminal (carriage return, at most ~4 times/s).
class TerminalProgress : public ProgressObserver {
 public:
  explicit TerminalProgress(std::FILE* out) : out_(out) {}
  void on_progress(const ProgressSnapshot& snapshot) override;
  void on_end() override;

 private:
  std::FILE* out_;
  size_t last_width_ = 0;
};

}  // namespace packager
