#!/usr/bin/env bash
# Emulated ABR comparison: real dash-player sessions (headless, network only)
# against dash-origin shaped by each trace, several in parallel, then the same
# report as the simulator (dash-abr-bench --player-logs). The same player
# code in virtual time (dash-abr-bench --model player, same traces, content
# and buffer) goes to DIR/simulated, and a table compares the two per session
# (sim-to-real: what differs is only the network model and the decoder).
#   scripts/emulate-abr.sh --traces DIR_OR_FILE --video PRESENTATION_DIR --abr a,b,... \
#                          [--jobs N] [--limit N] [--max-buffer S] \
#                          [--players-per-link N [--join-every S]] --out DIR
# PRESENTATION_DIR holds manifest.mpd (and segments.json). Sessions run in real
# time: each takes the presentation's duration.
# --players-per-link N: N players of each algorithm send the same session id,
# so the origin shapes them on one link (player k starts k*S s after the
# first; S = 2 as dash-abr-bench --join-every); logs go to
# OUT/logs/<algorithm>/<trace>/player<k>.jsonl and the simulated side runs
# dash-abr-bench --players N --join-every S. A link's players count as N jobs.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
traces="" video="" algorithms="default" jobs=4 limit=0 max_buffer=30 out="" players=1 join_every=2
while [ $# -gt 0 ]; do
  case $1 in
    --traces) traces=$2; shift 2 ;;
    --video) video=$2; shift 2 ;;
    --abr) algorithms=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --limit) limit=$2; shift 2 ;;
    --max-buffer) max_buffer=$2; shift 2 ;;
    --players-per-link) players=$2; shift 2 ;;
    --join-every) join_every=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$traces" ] && [ -n "$video" ] && [ -n "$out" ] || { echo "usage: $0 --traces T --video DIR --abr a,b --out DIR" >&2; exit 2; }
[ -f "$video/manifest.mpd" ] || { echo "no manifest.mpd in $video" >&2; exit 1; }
[[ "$players" =~ ^[1-9][0-9]*$ ]] || { echo "--players-per-link: expected a whole number ≥ 1, got '$players'" >&2; exit 2; }
[[ "$join_every" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "--join-every: expected seconds ≥ 0, got '$join_every'" >&2; exit 2; }
cmake --build "$build" --target dash-player dash-origin dash-abr-bench -j2 >/dev/null
source scripts/lib.sh
make_work_dir
mkdir -p "$out/logs"
video=$(cd "$video" && pwd)

mapfile -t trace_files < <(if [ -d "$traces" ]; then find "$traces" -maxdepth 1 -type f ! -name '*.md' | sort; else echo "$traces"; fi)
[ "$limit" -gt 0 ] && trace_files=("${trace_files[@]:0:$limit}")
IFS=, read -r -a algos <<<"$algorithms"
echo "emulate: ${#trace_files[@]} traces x ${#algos[@]} algorithms x $players players per link, $jobs players at a time"

# play ALG NAME LOG: one headless player of ALG in session ALG-NAME (its link on the origin).
play() {
  "$build/player/dash-player" --headless --no-decode --abr "$1" --max-buffer "$max_buffer" \
    --session-id "$1-$2-$$" --log "$3" "$origin_url/$(basename "$video")/manifest.mpd" >/dev/null 2>"${3%.jsonl}.err"
}
# share_link ALG NAME: the link's players, player k starting k*join_every s after the first.
share_link() {
  mkdir -p "$out/logs/$1/$2"
  for k in $(seq 0 $((players - 1))); do
    sleep "$([ "$k" -eq 0 ] && echo 0 || echo "$join_every")"
    play "$1" "$2" "$out/logs/$1/$2/player$k.jsonl" &
  done
  wait
}

for trace in "${trace_files[@]}"; do
  name=$(basename "$trace")
  # One origin per trace; each player is its own shaped session (X-Session-Id).
  start_origin "$(dirname "$video")" "$work/origin-$name.log" --access-log off --trace "$trace"
  pid=$origin_pid
  running=0
  for alg in "${algos[@]}"; do
    mkdir -p "$out/logs/$alg"
    if [ "$players" -gt 1 ]; then share_link "$alg" "$name" & else play "$alg" "$name" "$out/logs/$alg/$name.jsonl" & fi
    running=$((running + players))
    if [ "$running" -ge "$jobs" ]; then wait -n 2>/dev/null || true; running=$((running - players)); fi
  done
  # Wait for this trace's players (the origin is a background job too).
  for p in $(jobs -p); do [ "$p" != "$pid" ] && wait "$p" 2>/dev/null || true; done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "emulate: $name done"
done
echo "== emulated: real players against the shaped origin"
"$build/player/sim/dash-abr-bench" --player-logs "$out/logs" --join-every "$join_every" --out "$out"
# The player's own session in virtual time on the same traces, presentation, algorithms and buffer.
echo "== simulated: dash-abr-bench --model player on the same traces"
"$build/player/sim/dash-abr-bench" --quiet --traces "${trace_files[@]}" --video "$video" --abr "$algorithms" \
  --model player --buffer-cap "$max_buffer" --out "$out/simulated" \
  $([ "$players" -gt 1 ] && echo "--players $players --join-every $join_every")
echo "== sim-to-real: per session, emulated against --model player"
python3 scripts/compare-sessions.py "$out/sessions.csv" "$out/simulated/sessions.csv"
