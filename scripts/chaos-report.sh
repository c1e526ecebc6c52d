#!/usr/bin/env bash
# Chaos report (not a test): the player (headless, real time, network only)
# against dash-origin injecting 503s, dropped connections and stalls at rising
# rates; prints stall time, retries and skipped segments against the fault rate.
#   scripts/chaos-report.sh [MPD_DIR]   (default: a 30 s clip made with ffmpeg)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
rates=${CHAOS_RATES:-"0 0.02 0.05 0.1 0.2"}
cmake --build "$build" --target dash-player dash-origin -j2 >/dev/null
source scripts/lib.sh
make_work_dir
content=${1:-}
if [ -z "$content" ]; then
  content="$work/content/clip"
  mkdir -p "$content"
  ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=1280x720:rate=25:duration=30 \
    -f lavfi -i sine=frequency=440:sample_rate=48000:duration=30 -map 0:v -map 0:v -map 1:a \
    -c:v libx264 -preset ultrafast -g 50 -sc_threshold 0 -s:v:0 640x360 -b:v:0 600k -s:v:1 1280x720 -b:v:1 1800k \
    -c:a aac -b:a 64k -adaptation_sets 'id=0,streams=v id=1,streams=a' -f dash -seg_duration 2 -use_timeline 0 \
    "$content/manifest.mpd"
fi
printf '%-8s %-8s %-8s %8s %10s %9s %9s %9s %10s\n' fail drop stall stalls "stall s" retries failovr skipped "played s"
for r in $rates; do
  # Each rate applies to all three fault kinds at once.
  start_origin "$(dirname "$content")" "$work/origin.out" --access-log off --rate 8mbit \
    --fail-rate "$r" --drop-rate "$r" --stall-rate "$r" --stall-seconds 2 --seed 1
  pid=$origin_pid
  "$build/player/dash-player" --headless --no-decode --json --max-buffer 10 "$origin_url/$(basename "$content")/manifest.mpd" \
    >"$work/summary.json" 2>"$work/player.err" || { echo "player failed at rate $r:"; cat "$work/player.err"; }
  python3 - "$r" "$work/summary.json" <<'PY'
import json, sys
r = sys.argv[1]
try:
    s = json.load(open(sys.argv[2]))
except Exception:
    print(f"{r:<8} {r:<8} {r:<8} (no summary)")
    sys.exit(0)
print(f"{r:<8} {r:<8} {r:<8} {s['stalls']:8d} {s['stall_s']:10.2f} {s['retries']:9d} {s['failovers']:9d} "
      f"{s['skipped_segments']:9d} {s['played_s']:10.1f}")
PY
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
