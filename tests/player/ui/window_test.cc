// The desktop player in a real window under Xvfb, with SDL's dummy audio
// driver: it plays a presentation made by the test; two screenshots a second
// apart are not blank, differ, show the HUD and a seek bar that moved;
// presented frames stay within ±40 ms of the audio clock; a subtitle cue
// appears at the bottom of the window while it is active and not before.
#include <gtest/gtest.h>

#include <SDL2/SDL.h>

#include <cmath>
#include <cstring>
#include <fstream>

#include "player/ui/seek_bar.h"
#include "player/ui/subtitle_overlay.h"
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

// Pixels of the seek bar's played colour along the bottom of the window.
int seek_bar_played_pixels(const Image& img) {
  int count = 0;
  for (int y = std::max(0, img.h - 40); y < img.h; ++y)
    for (int x = 0; x < img.w; ++x) {
      const uint8_t* p = &img.rgb[(static_cast<size_t>(y) * img.w + x) * 3];
      if (p[0] == player::kSeekBarPlayed.r && p[1] == player::kSeekBarPlayed.g && p[2] == player::kSeekBarPlayed.b)
        ++count;
    }
  return count;
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

// An 8 s DASH clip (640x360 at 25 fps, a 440 Hz tone) made by FFmpeg in `dir`.
void make_clip(const ScratchDir& dir) {
  auto r = run_command(
      "cd " + shell_quote(dir.path().string()) +
      " && ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=8 -f lavfi -i "
      "sine=frequency=440:sample_rate=48000:duration=8 -map 0:v -map 1:a -c:v libx264 -preset ultrafast -g 50 "
      "-sc_threshold 0 -c:a aac -b:a 64k -f dash -seg_duration 2 -use_timeline 0 manifest.mpd");
  ASSERT_EQ(r.exit_code, 0) << r.output;
}

// Plays the clip in a window under Xvfb with SDL's dummy audio driver,
// logging every presented frame against the audio clock to sync.csv.
testing_support::CommandResult play_in_window(const ScratchDir& dir, const std::string& args) {
  const std::string player = (testing_support::binary_dir() / "player/dash-player").string();
  // In the sanitizer build LeakSanitizer checks this run too (the player
  // checks before SDL_Quit unloads the GL driver; see desktop_player.cc).
  return run_command("SDL_AUDIODRIVER=dummy xvfb-run -a -s '-screen 0 1280x720x24' " + shell_quote(player) + " " +
                     shell_quote((dir / "manifest.mpd").string()) + " " + args + " --sync-log " +
                     shell_quote((dir / "sync.csv").string()));
}

struct SyncRow {
  double wall_s, pts_s, audio_s;
};

std::vector<SyncRow> read_sync(const ScratchDir& dir) {
  std::vector<SyncRow> out;
  auto sync = testing_support::read_csv(dir / "sync.csv");
  EXPECT_TRUE(sync.ok()) << sync.error();
  if (!sync.ok()) return out;
  const auto wall = sync->column("wall_s"), pts = sync->column("frame_pts_s"), clock = sync->column("audio_clock_s");
  EXPECT_TRUE(wall && pts && clock);
  if (!wall || !pts || !clock) return out;
  for (const auto& row : sync->rows)
    if (!row[*clock].empty())  // before the audio clock runs
      out.push_back({std::stod(row[*wall]), std::stod(row[*pts]), std::stod(row[*clock])});
  return out;
}

int frames_in_sync(const std::vector<SyncRow>& rows) {
  int n = 0;
  for (const auto& r : rows) n += std::fabs(r.pts_s - r.audio_s) <= kMaxAvOffsetS;
  return n;
}

// Pixels of exactly the subtitle text colour in the bottom quarter of the window.
int subtitle_text_pixels(const Image& img) {
  const SDL_Color c = player::SubtitleOverlay::kTextColor;
  int count = 0;
  for (int y = img.h * 3 / 4; y < img.h; ++y)
    for (int x = 0; x < img.w; ++x) {
      const uint8_t* p = &img.rgb[(static_cast<size_t>(y) * img.w + x) * 3];
      if (p[0] == c.r && p[1] == c.g && p[2] == c.b) ++count;
    }
  return count;
}

// Adds a sidecar WebVTT track (one cue, 3 s to 6 s) to the clip's MPD.
void add_subtitles(const ScratchDir& dir) {
  std::ofstream(dir / "en.vtt") << "WEBVTT\n\n00:00:03.000 --> 00:00:06.000\nSUBTITLE Grüße — 日本語\n";
  std::ifstream in(dir / "manifest.mpd");
  std::string mpd((std::istreambuf_iterator<char>(in)), {});
  const size_t end = mpd.rfind("</Period>");
  ASSERT_NE(end, std::string::npos);
  mpd.insert(end, R"(<AdaptationSet contentType="text" lang="en" mimeType="text/vtt"><Representation id="sub" bandwidth="100"><BaseURL>en.vtt</BaseURL></Representation></AdaptationSet>)");
  std::ofstream(dir / "manifest.mpd") << mpd;
}

TEST(PlayerWindow, SubtitleCueAppearsAtItsTime) {
  ScratchDir dir("player-window-subs");
  make_clip(dir);
  add_subtitles(dir);
  std::filesystem::create_directories(dir / "shots");
  // One screenshot a second of playback: shot-00N is taken about N s into the clip.
  auto r = play_in_window(dir, "--subs en --duration 6 --screenshot-every 1 --screenshot-dir " +
                                   shell_quote((dir / "shots").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Image before = load_bmp((dir / "shots/shot-001.bmp").string());
  Image during = load_bmp((dir / "shots/shot-004.bmp").string());
  ASSERT_GT(before.w, 0) << r.output;
  ASSERT_GT(during.w, 0) << r.output;
  const int before_px = subtitle_text_pixels(before), during_px = subtitle_text_pixels(during);
  EXPECT_GT(during_px, before_px + 500) << "no subtitle at 4 s: " << during_px << " text pixels, " << before_px
                                        << " at 1 s";
}

TEST(PlayerWindow, PlaysWithHudAndAudioSync) {
  ScratchDir dir("player-window");
  make_clip(dir);
  std::filesystem::create_directories(dir / "shots");
  auto r = play_in_window(dir, "--duration 5 --screenshot-every 1 --screenshot-dir " + shell_quote((dir / "shots").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("frames shown"), std::string::npos) << r.output;
  Image first = load_bmp((dir / "shots/shot-001.bmp").string());
  Image second = load_bmp((dir / "shots/shot-002.bmp").string());
  ASSERT_GT(first.w, 0) << r.output;
  ASSERT_EQ(first.w, second.w);
  EXPECT_GT(luma_stddev(first), 10.0) << "blank screenshot";
  EXPECT_GT(changed_fraction(first, second), 0.01) << "the picture did not move in a second";
  EXPECT_GT(hud_text_pixels(first), 200) << "no HUD text";
  // The seek bar's played part grows by about a second of the 8 s clip.
  const int played_first = seek_bar_played_pixels(first), played_second = seek_bar_played_pixels(second);
  EXPECT_GT(played_first, 0) << "no seek bar";
  EXPECT_GT(played_second, played_first + 8 * 50) << "the seek bar did not move";  // ~1/8 of ~1200 px × 8 rows
  const auto rows = read_sync(dir);
  const int frames = static_cast<int>(rows.size()), in_sync = frames_in_sync(rows);
  EXPECT_GT(frames, 80);  // about 5 s at 25 fps
  EXPECT_GE(in_sync, frames * 95 / 100) << in_sync << " of " << frames << " frames within 40 ms";
}

// At --rate 2 the audio is time-stretched (atempo) and stays the master
// clock: it runs at twice the wall clock and the frames follow it.
TEST(PlayerWindow, DoubleSpeedKeepsPictureAndSoundTogether) {
  ScratchDir dir("player-window-rate");
  make_clip(dir);
  auto r = play_in_window(dir, "--rate 2 --duration 3");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto rows = read_sync(dir);
  ASSERT_GT(rows.size(), 40u) << r.output;  // 25 fps × 2 over most of 3 s would be about 150
  const SyncRow& a = rows[rows.size() / 5];
  const SyncRow& b = rows.back();
  const double speed = (b.audio_s - a.audio_s) / (b.wall_s - a.wall_s);
  EXPECT_NEAR(speed, 2.0, 0.15) << "audio clock from " << a.audio_s << " to " << b.audio_s << " s in "
                                << b.wall_s - a.wall_s << " s";
  const int in_sync = frames_in_sync(rows);
  EXPECT_GE(in_sync, static_cast<int>(rows.size()) * 90 / 100) << in_sync << " of " << rows.size() << " within 40 ms";
}

}  // namespace
