#!/usr/bin/env bash
# Emulated ABR comparison: real players against dash-origin shaped by each
# trace, several in parallel: dash-player (headless, network only) with each
# --abr algorithm, and with --players also dash.js and Shaka Player at their
# default settings in headless Chromium (tests/interop/abr-session.mjs). Then
# one report (dash-abr-bench --player-logs) of every player, each session's
# delivered rate checked against its trace, with the --sim-abr algorithms
# simulated (--model player) on the same traces and video as rows "sim:NAME".
# The same player code in virtual time (dash-abr-bench --model player, same
# traces, content and buffer) goes to DIR/simulated, and a table compares the
# two per session (sim-to-real: what differs is only the network model and
# the decoder).
#   scripts/emulate-abr.sh --traces DIR_OR_FILE --video PRESENTATION_DIR --abr a,b,... \
#                          [--players dashstream,dashjs,shaka] [--sim-abr a,b,...] \
#                          [--browser-variant LABEL:dashjs|shaka:SETTINGS_JSON]... \
#                          [--jobs N] [--limit N] [--max-buffer S] \
#                          [--players-per-link N [--join-every S]] --out DIR
# --browser-variant adds a browser player with other than default settings
# (dash.js's updateSettings() or Shaka's configure() object) under LABEL, e.g.
#   --browser-variant 'shaka-nodropban:shaka:{"abr":{"droppedFrames":false}}'.
# PRESENTATION_DIR holds manifest.mpd and segments.json. Sessions run in real
# time: each takes the presentation's duration. Exit status 1 when a session
# failed a check (missing segments, delivered rate off the trace).
# --players-per-link N: N dash-players of each algorithm send the same session
# id, so the origin shapes them on one link (player k starts k*S s after the
# first; S = 2 as dash-abr-bench --join-every); logs go to
# OUT/logs/<algorithm>/<trace>/player<k>.jsonl and the simulated side (and
# the sim:NAME rows) runs N players per link. A link's players count as N jobs.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
traces="" video="" algorithms="default" players="dashstream" sim_algorithms="" jobs=4 limit=0 max_buffer=30 out=""
per_link=1 join_every=2
variants=()
while [ $# -gt 0 ]; do
  case $1 in
    --traces) traces=$2; shift 2 ;;
    --video) video=$2; shift 2 ;;
    --abr) algorithms=$2; shift 2 ;;
    --players) players=$2; shift 2 ;;
    --sim-abr) sim_algorithms=$2; shift 2 ;;
    --browser-variant) variants+=("$2"); shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --limit) limit=$2; shift 2 ;;
    --max-buffer) max_buffer=$2; shift 2 ;;
    --players-per-link) per_link=$2; shift 2 ;;
    --join-every) join_every=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$traces" ] && [ -n "$video" ] && [ -n "$out" ] || { echo "usage: $0 --traces T --video DIR --abr a,b --out DIR" >&2; exit 2; }
[ -f "$video/manifest.mpd" ] || { echo "no manifest.mpd in $video" >&2; exit 1; }
[[ "$per_link" =~ ^[1-9][0-9]*$ ]] || { echo "--players-per-link: expected a whole number ≥ 1, got '$per_link'" >&2; exit 2; }
[[ "$join_every" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "--join-every: expected seconds ≥ 0, got '$join_every'" >&2; exit 2; }
cmake --build "$build" --target dash-player dash-origin dash-abr-bench -j2 >/dev/null
source scripts/lib.sh
make_work_dir
mkdir -p "$out/logs"
video=$(cd "$video" && pwd)
IFS=, read -r -a player_list <<<"$players"
browsers=()  # log directory names; each one's player and settings:
declare -A browser_player browser_settings
for p in "${player_list[@]}"; do
  case $p in
    dashstream) ;;
    dashjs|shaka) browsers+=("$p"); browser_player[$p]=$p; browser_settings[$p]='{}' ;;
    *) echo "unknown player $p (dashstream, dashjs, shaka)" >&2; exit 2 ;;
  esac
done
for v in "${variants[@]}"; do
  label=${v%%:*} rest=${v#*:}
  player=${rest%%:*} settings=${rest#*:}
  [[ $label =~ ^[A-Za-z0-9._-]+$ && ($player == dashjs || $player == shaka) && $rest == *:* ]] ||
    { echo "--browser-variant wants LABEL:dashjs|shaka:SETTINGS_JSON, not $v" >&2; exit 2; }
  browsers+=("$label"); browser_player[$label]=$player; browser_settings[$label]=$settings
done
run_dashstream=false
[[ ",$players," == *,dashstream,* ]] && run_dashstream=true
if [ ${#browsers[@]} -gt 0 ]; then
  # The page and the players' scripts, from an unshaped origin of their own.
  tests/interop/install-browser-deps.sh
  mkdir -p "$work/page"
  cp tests/interop/abr-page.html "$work/page/index.html"
  cp tests/interop/node_modules/dashjs/dist/modern/umd/dash.all.min.js \
     tests/interop/node_modules/shaka-player/dist/shaka-player.compiled.js "$work/page/"
  start_origin "$work/page" "$work/page-origin.log" --access-log off
  page_origin_pid=$origin_pid page_url="$origin_url/index.html"
fi

mapfile -t trace_files < <(if [ -d "$traces" ]; then find "$traces" -maxdepth 1 -type f ! -name '*.md' | sort; else echo "$traces"; fi)
[ "$limit" -gt 0 ] && trace_files=("${trace_files[@]:0:$limit}")
IFS=, read -r -a algos <<<"$algorithms"
$run_dashstream || algos=()
echo "emulate: ${#trace_files[@]} traces x (${#algos[@]} dash-player algorithms x $per_link per link + ${#browsers[@]} browser players), $jobs players at a time"

# play ALG NAME LOG: one headless dash-player of ALG in session ALG-NAME (its link on the origin).
play() {
  "$build/player/dash-player" --headless --no-decode --abr "$1" --max-buffer "$max_buffer" \
    --session-id "$1-$2-$$" --log "$3" "$mpd_url" >/dev/null 2>"${3%.jsonl}.err"
}
# share_link ALG NAME: the link's players, player k starting k*join_every s after the first.
share_link() {
  mkdir -p "$out/logs/$1/$2"
  for k in $(seq 0 $((per_link - 1))); do
    sleep "$([ "$k" -eq 0 ] && echo 0 || echo "$join_every")"
    play "$1" "$2" "$out/logs/$1/$2/player$k.jsonl" &
  done
  wait
}

for trace in "${trace_files[@]}"; do
  name=$(basename "$trace")
  # One origin per trace; each player is its own shaped session (X-Session-Id; ?session= from the browsers).
  start_origin "$(dirname "$video")" "$work/origin-$name.log" --access-log off --trace "$trace"
  pid=$origin_pid
  mpd_url="$origin_url/$(basename "$video")/manifest.mpd"
  running=0
  for player in "${algos[@]/#/dashstream:}" "${browsers[@]}"; do
    dir=${player#dashstream:}  # dash-player's logs go under the algorithm's name, as before
    mkdir -p "$out/logs/$dir"
    weight=1
    if [[ $player == dashstream:* && $per_link -gt 1 ]]; then
      share_link "$dir" "$name" &
      weight=$per_link
    elif [[ $player == dashstream:* ]]; then
      play "$dir" "$name" "$out/logs/$dir/$name.jsonl" &
    else
      node tests/interop/abr-session.mjs --page "$page_url" --mpd "$mpd_url" --player "${browser_player[$dir]}" \
        --settings "${browser_settings[$dir]}" --session "$dir-$name-$$" --presentation "$video" \
        --log "$out/logs/$dir/$name.jsonl" \
        >"$out/logs/$dir/$name.out" 2>"$out/logs/$dir/$name.err" &
    fi
    running=$((running + weight))
    if [ "$running" -ge "$jobs" ]; then wait -n 2>/dev/null || true; running=$((running - weight)); fi
  done
  # Wait for this trace's players (the origins are background jobs too).
  for p in $(jobs -p); do [ "$p" != "$pid" ] && [ "$p" != "${page_origin_pid:-}" ] && wait "$p" 2>/dev/null || true; done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "emulate: $name done"
done
# The player's own session in virtual time on the same traces, presentation, algorithms and buffer.
echo "== simulated: dash-abr-bench --model player on the same traces"
# One group of all the traces (each --traces path would be a group of its own, with its own table).
"$build/player/sim/dash-abr-bench" --quiet --group "emulated:$video:$(IFS=,; echo "${trace_files[*]}")" --abr "$algorithms" \
  --model player --buffer-cap "$max_buffer" --out "$out/simulated" \
  $([ "$per_link" -gt 1 ] && echo "--players $per_link --join-every $join_every")
echo "== emulated: every player against the shaped origin, checked against the traces; simulated rows sim:NAME"
status=0
"$build/player/sim/dash-abr-bench" --player-logs "$out/logs" --join-every "$join_every" --traces "${trace_files[@]}" --video "$video" \
  --abr "${sim_algorithms:-$algorithms}" --model player --buffer-cap "$max_buffer" --out "$out" \
  $([ "$per_link" -gt 1 ] && echo "--players $per_link") || status=$?
echo "== sim-to-real: per session, emulated against --model player"
python3 scripts/compare-sessions.py "$out/sessions.csv" "$out/simulated/sessions.csv"
exit "$status"
