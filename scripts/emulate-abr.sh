#!/usr/bin/env bash
# Emulated ABR comparison: real dash-player sessions (headless, network only)
# against dash-origin shaped by each trace, several in parallel, then the same
# report as the simulator (dash-abr-bench --player-logs). The same player
# code in virtual time (dash-abr-bench --model player, same traces, content
# and buffer) goes to DIR/simulated, and a table compares the two per session
# (sim-to-real: what differs is only the network model and the decoder).
#   scripts/emulate-abr.sh --traces DIR_OR_FILE --video PRESENTATION_DIR --abr a,b,... \
#                          [--jobs N] [--limit N] [--max-buffer S] --out DIR
# PRESENTATION_DIR holds manifest.mpd (and segments.json). Sessions run in real
# time: each takes the presentation's duration.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
traces="" video="" algorithms="default" jobs=4 limit=0 max_buffer=30 out=""
while [ $# -gt 0 ]; do
  case $1 in
    --traces) traces=$2; shift 2 ;;
    --video) video=$2; shift 2 ;;
    --abr) algorithms=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --limit) limit=$2; shift 2 ;;
    --max-buffer) max_buffer=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$traces" ] && [ -n "$video" ] && [ -n "$out" ] || { echo "usage: $0 --traces T --video DIR --abr a,b --out DIR" >&2; exit 2; }
[ -f "$video/manifest.mpd" ] || { echo "no manifest.mpd in $video" >&2; exit 1; }
cmake --build "$build" --target dash-player dash-origin dash-abr-bench -j2 >/dev/null
source scripts/lib.sh
make_work_dir
mkdir -p "$out/logs"
video=$(cd "$video" && pwd)

mapfile -t trace_files < <(if [ -d "$traces" ]; then find "$traces" -maxdepth 1 -type f ! -name '*.md' | sort; else echo "$traces"; fi)
[ "$limit" -gt 0 ] && trace_files=("${trace_files[@]:0:$limit}")
IFS=, read -r -a algos <<<"$algorithms"
echo "emulate: ${#trace_files[@]} traces x ${#algos[@]} algorithms, $jobs players at a time"

for trace in "${trace_files[@]}"; do
  name=$(basename "$trace")
  # One origin per trace; each player is its own shaped session (X-Session-Id).
  start_origin "$(dirname "$video")" "$work/origin-$name.log" --access-log off --trace "$trace"
  pid=$origin_pid
  running=0
  for alg in "${algos[@]}"; do
    mkdir -p "$out/logs/$alg"
    "$build/player/dash-player" --headless --no-decode --abr "$alg" --max-buffer "$max_buffer" \
      --session-id "$alg-$name-$$" --log "$out/logs/$alg/$name.jsonl" \
      "$origin_url/$(basename "$video")/manifest.mpd" >/dev/null 2>"$out/logs/$alg/$name.err" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then wait -n 2>/dev/null || true; running=$((running - 1)); fi
  done
  # Wait for this trace's players (the origin is a background job too).
  for p in $(jobs -p); do [ "$p" != "$pid" ] && wait "$p" 2>/dev/null || true; done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "emulate: $name done"
done
echo "== emulated: real players against the shaped origin"
"$build/player/sim/dash-abr-bench" --player-logs "$out/logs" --out "$out"
# The player's own session in virtual time on the same traces, presentation, algorithms and buffer.
echo "== simulated: dash-abr-bench --model player on the same traces"
"$build/player/sim/dash-abr-bench" --quiet --traces "${trace_files[@]}" --video "$video" --abr "$algorithms" \
  --model player --buffer-cap "$max_buffer" --out "$out/simulated"
echo "== sim-to-real: per session, emulated against --model player"
python3 scripts/compare-sessions.py "$out/sessions.csv" "$out/simulated/sessions.csv"
