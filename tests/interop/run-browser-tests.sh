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

source "$here/../../scripts/lib.sh"  # start_origin: in this shell, so the exit trap stops it
start_origin "$content" "$work/content.out" --access-log "$work/content.log"
content_url=$origin_url
start_origin "$work/page" "$work/page.out" --access-log "$work/page.log"
page_url=$origin_url

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
