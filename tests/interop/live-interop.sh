#!/usr/bin/env bash
# The live browser interop test: dash-package packages its live test source
# while dash-origin serves it, and dash.js and Shaka Player in headless
# Chromium play it, in two set-ups: normal (2 s segments, SegmentTimeline)
# and low latency (0.5 s CMAF chunks, $Number$, each player's low-latency
# mode; with $Number$, through the nginx edge, and with SegmentTimeline). Each must start, play along with the clock without errors, and hold
# its latency (its own readout) under a bound; Ctrl-C must then leave a static
# MPD. Prints one PASS/FAIL line per player and set-up with the latencies.
#   tests/interop/live-interop.sh BUILD_DIR [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
seconds=${2:-15}
command -v chromium >/dev/null || { echo "chromium is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP_WORK:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
mkdir -p "$work/page" "$work/content"
cp "$here/live.html" "$work/page/index.html"
cp "$here/node_modules/dashjs/dist/modern/umd/dash.all.min.js" "$here/node_modules/shaka-player/dist/shaka-player.compiled.js" "$work/page/"

source "$here/../../scripts/lib.sh"  # start_origin: in this shell, so the exit trap stops it
start_origin "$work/content" "$work/content.out" --access-log "$work/content.log"
content_url=$origin_url; pids+=("$origin_pid")
start_origin "$work/page" "$work/page.out" --access-log "$work/page.log"
page_url=$origin_url; pids+=("$origin_pid")
# The nginx edge in front of the content origin (its workers, run as nobody
# when we are root, must reach the prefix inside the private work directory).
chmod a+x "$work"
edge_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$here/../../scripts/nginx-edge.sh" "$work/edge" "127.0.0.1:$edge_port" 1 "${content_url#http://}" >/dev/null
nginx -p "$work/edge" -c "$work/edge/nginx.conf" -g 'daemon off;' 2>"$work/nginx.err" &
pids+=($!)
edge_url="http://127.0.0.1:$edge_port"

failures=0
# name | packager options | max median latency (s) | served by | players
setups=(
  "normal|--segment-duration 2|8|$content_url|dashjs shaka"
  "low|--segment-duration 2 --chunk-duration 0.5 --addressing number|3|$content_url|dashjs shaka"
  "low-edge|--segment-duration 2 --chunk-duration 0.5 --addressing number|3|$edge_url|dashjs"
  "low-timeline|--segment-duration 2 --chunk-duration 0.5|4|$content_url|dashjs shaka"
)
for setup in "${setups[@]}"; do
  IFS='|' read -r name options max_latency server players <<<"$setup"
  [ -z "${ONLY_SETUP:-}" ] || [ "$ONLY_SETUP" = "$name" ] || continue
  out="$work/content/$name"
  # shellcheck disable=SC2086
  "$build/packager/dash-package" --test-source live --test-source-size 640x360 \
    --ladder 640x360@800k,320x180@250k $options -q -o "$out" 2>"$work/$name.err" &
  packager=$!
  pids+=($packager)
  for _ in $(seq 200); do [ -f "$out/manifest.mpd" ] && break; sleep 0.05; done
  mode=${name%%-*}
  for player in $players; do
    if result=$(cd "$here" && timeout 180 node play-live.mjs "$page_url/index.html" "$server/$name/manifest.mpd" \
                "$player" "$mode" "$seconds" 8 "$max_latency"); then
      echo "PASS live $name $player $result"
    else
      echo "FAIL live $name $player $result"
      failures=$((failures + 1))
    fi
  done
  kill -INT "$packager"
  if wait "$packager" && grep -q 'type="static"' "$out/manifest.mpd"; then
    echo "PASS live $name: Ctrl-C left a static MPD"
  else
    echo "FAIL live $name: no static MPD after Ctrl-C; $(cat "$work/$name.err")"
    failures=$((failures + 1))
  fi
done
[ $failures -eq 0 ] || { echo "live browser interop: $failures failure(s)"; tail -5 "$work/content.log"; exit 1; }
echo "live browser interop: all passed"
