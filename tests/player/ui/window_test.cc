// The desktop player in a real window under Xvfb, with SDL's dummy audio
// driver: it plays a presentation made by the test; two screenshots a second
// apart are not blank, differ, and show the HUD; presented frames stay within
// ±40 ms of the audio clock.
#include <gtest/gtest.h>

#include <SDL2/SDL.h>

#include <cmath>
#include <cstring>

#include "support/csv.h"
#include "support/process.h"

namespace {

using testing_support::run_command;
using testing_support::ScratchDir;
using testing_support::shell_quote;

constexpr double kMaxAvOffsetS = 0.040;
constexpr SDL_Color kHudText{0xF0, 0xE6, 0x8C, 0xFF};  // player/ui/hud.h kTextColor

struct Image {
  int w = 0, h = 0;
  std::vector<uint8_t> rgb;  // w*h*3
};

Image load_bmp(const std::string& path) {
  Image img;
  SDL_Surface* s = SDL_LoadBMP(path.c_str());
  if (s == nullptr) return img;
  SDL_Surface* rgb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB24, 0);
  SDL_FreeSurface(s);
  if (rgb == nullptr) return img;
  img.w = rgb->w;
  img.h = rgb->h;
  img.rgb.resize(static_cast<size_t>(img.w) * img.h * 3);
  for (int y = 0; y < img.h; ++y)
    std::memcpy(&img.rgb[static_cast<size_t>(y) * img.w * 3], static_cast<uint8_t*>(rgb->pixels) + y * rgb->pitch,
                static_cast<size_t>(img.w) * 3);
  SDL_FreeSurface(rgb);
  return img;
}

double luma_stddev(const Image& img) {
  double sum = 0, sq = 0;
  const size_t n = img.rgb.size() / 3;
  for (size_t i = 0; i < n; ++i) {
    double l = 0.299 * img.rgb[3 * i] + 0.587 * img.rgb[3 * i + 1] + 0.114 * img.rgb[3 * i + 2];
    sum += l;
    sq += l * l;
  }
  double mean = sum / n;
  return std::sqrt(std::max(0.0, sq / n - mean * mean));
}

double changed_fraction(const Image& a, const Image& b) {
  size_t changed = 0;
  for (size_t i = 0; i < a.rgb.size(); i += 3)
    if (std::abs(a.rgb[i] - b.rgb[i]) + std::abs(a.rgb[i + 1] - b.rgb[i + 1]) + std::abs(a.rgb[i + 2] - b.rgb[i + 2]) > 30)
      ++changed;
  return double(changed) / (a.rgb.size() / 3);
}

// Pixels of exactly the HUD's text colour in the top-left panel.
int hud_text_pixels(const Image& img) {
  int count = 0;
  for (int y = 0; y < std::min(img.h, 240); ++y)
    for (int x = 0; x < std::min(img.w, 450); ++x) {
      const uint8_t* p = &img.rgb[(static_cast<size_t>(y) * img.w + x) * 3];
      if (p[0] == kHudText.r && p[1] == kHudText.g && p[2] == kHudText.b) ++count;
    }
  return count;
}

TEST(PlayerWindow, PlaysWithHudAndAudioSync) {
  ScratchDir dir("player-window");
  auto r = run_command(
      "cd " + shell_quote(dir.path().string()) +
      " && ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=8 -f lavfi -i "
      "sine=frequency=440:sample_rate=48000:duration=8 -map 0:v -map 1:a -c:v libx264 -preset ultrafast -g 50 "
      "-sc_threshold 0 -c:a aac -b:a 64k -f dash -seg_duration 2 -use_timeline 0 manifest.mpd");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::filesystem::create_directories(dir / "shots");
  const std::string player = (testing_support::binary_dir() / "player/dash-player").string();
  // In the sanitizer build LeakSanitizer checks this run too (the player
  // checks before SDL_Quit unloads the GL driver; see desktop_player.cc).
  r = run_command("SDL_AUDIODRIVER=dummy xvfb-run -a -s '-screen 0 1280x720x24' " + shell_quote(player) + " " +
                  shell_quote((dir / "manifest.mpd").string()) + " --duration 5 --screenshot-every 1 --screenshot-dir " +
                  shell_quote((dir / "shots").string()) + " --sync-log " + shell_quote((dir / "sync.csv").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("frames shown"), std::string::npos) << r.output;

  Image first = load_bmp((dir / "shots/shot-001.bmp").string());
  Image second = load_bmp((dir / "shots/shot-002.bmp").string());
  ASSERT_GT(first.w, 0) << r.output;
  ASSERT_EQ(first.w, second.w);
  EXPECT_GT(luma_stddev(first), 10.0) << "blank screenshot";
  EXPECT_GT(changed_fraction(first, second), 0.01) << "the picture did not move in a second";
  EXPECT_GT(hud_text_pixels(first), 200) << "no HUD text";

  auto sync = testing_support::read_csv(dir / "sync.csv");
  ASSERT_TRUE(sync.ok()) << sync.error();
  const auto pts = sync->column("frame_pts_s"), clock = sync->column("audio_clock_s");
  ASSERT_TRUE(pts && clock);
  int frames = 0, in_sync = 0;
  for (const auto& row : sync->rows) {
    if (row[*clock].empty()) continue;  // before the audio clock runs
    ++frames;
    if (std::fabs(std::stod(row[*pts]) - std::stod(row[*clock])) <= kMaxAvOffsetS) ++in_sync;
  }
  EXPECT_GT(frames, 80);  // about 5 s at 25 fps
  EXPECT_GE(in_sync, frames * 95 / 100) << in_sync << " of " << frames << " frames within 40 ms";
}

}  // namespace
