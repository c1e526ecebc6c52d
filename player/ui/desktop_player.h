// The desktop player: an SDL2 window with the video at its display aspect
// ratio, SDL audio as the master clock, keyboard controls and the HUD. The
// streaming session runs on its own thread; this code owns every SDL call and
// runs on the main thread.
#pragma once

#include <string>

#include "player/session/session.h"

namespace player {

struct DesktopOptions {
  int width = 1280;  // initial window size
  int height = 720;
  bool fullscreen = false;
  bool hud = true;
  std::string screenshot_dir;     // write BMP screenshots here (tests, README)
  double screenshot_every_s = 1;  // while playing
  std::string sync_log;           // CSV of presented frames: wall_s,frame_pts_s,audio_clock_s
};

// Plays until the end, q/Esc, the window is closed or the session stops.
// Returns the process exit code; the summary (or the error) is printed.
int run_desktop(SessionOptions session_options, const DesktopOptions& options, bool json_summary);

// True when an SDL video driver other than "dummy"/"offscreen" can open a window.
bool display_available();

}  // namespace player
