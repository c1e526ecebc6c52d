#!/usr/bin/env bash
# Plays presentations served by dash-origin in headless Chromium with dash.js
# and Shaka Player, from a page served by a second origin (so CORS matters):
# playback starts, currentTime advances, no error; under CDP throttling each
# player moves to a lower representation.
#   tests/interop/run-browser-tests.sh BUILD_DIR CONTENT_DIR MPD_PATH... [-- SECONDS]
# MPD_PATH is relative to CONTENT_DIR (e.g. live/manifest.mpd).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1 content=$2
shift 2
mpds=()
seconds=20
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then seconds=$2; break; fi
  mpds+=("$1")
  shift
done
"$here/install-browser-deps.sh"

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/page"
cp "$here/page.html" "$work/page/index.html"
cp "$here/node_modules/dashjs/dist/modern/umd/dash.all.min.js" "$here/node_modules/shaka-player/dist/shaka-player.compiled.js" "$work/page/"

start_origin() {  # ROOT LOGNAME → prints the base URL
  "$build/origin/dash-origin" --root "$1" --port 0 --access-log "$work/$2.log" >"$work/$2.out" 2>&1 &
  for _ in $(seq 100); do grep -q 'http://' "$work/$2.out" 2>/dev/null && break; sleep 0.05; done
  grep -o 'http://127.0.0.1:[0-9]*' "$work/$2.out" | head -1
}
content_url=$(start_origin "$content" content)
page_url=$(start_origin "$work/page" page)

failures=0
for mpd in "${mpds[@]}"; do
  for player in dashjs shaka; do
    if out=$(cd "$here" && timeout 180 node play.mjs "$page_url/index.html" "$content_url/$mpd" "$player" "$seconds"); then
      echo "PASS $player $mpd $out"
    else
      echo "FAIL $player $mpd $out"
      failures=$((failures + 1))
    fi
  done
done
[ $failures -eq 0 ] || { echo "browser interop: $failures failure(s); origin log: $work/content.log"; tail -5 "$work/content.log"; exit 1; }
echo "browser interop: all passed"
