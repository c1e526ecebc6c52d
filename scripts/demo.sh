#!/usr/bin/env bash
# README command (1): set up, build, then the main job on built-in sample
# content: package a generated clip, serve it with dash-origin, play it with
# dash-player (a window when a display exists, headless otherwise) and print
# the session summary.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build=${BUILD_DIR:-build}
# Line tables only (-g1): backtraces keep file:line, and the build takes a good deal less time.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" >/dev/null
cmake --build "$build" -j"$(nproc)" --target all >/dev/null
echo "demo: built in $build/"

package="$build/packager/dash-package"
origin="$build/origin/dash-origin"
player="$build/player/dash-player"
missing=()
for bin in "$package" "$origin" "$player"; do
  [ -x "$bin" ] || missing+=("$(basename "$bin")")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "demo: not built yet: ${missing[*]} (see the open issues); nothing more to run"
  exit 0
fi

out=${DEMO_OUT:-out/sample}
seconds=${DEMO_SECONDS:-30}
echo "demo: packaging a ${seconds}s built-in test source into $out/"
"$package" --test-source "$seconds" -o "$out"

source scripts/lib.sh
make_work_dir
start_origin "$(dirname "$out")" "$work/origin.log" --access-log "$work/access.log"
mpd_url="$origin_url/$(basename "$out")/manifest.mpd"
echo "demo: serving $mpd_url"

mode=()
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  mode=(--headless)
  echo "demo: no display: playing headless"
fi
"$player" "${mode[@]}" "$mpd_url"
