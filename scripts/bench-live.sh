#!/usr/bin/env bash
# Benchmark (not a test) for live streaming, three parts:
#
# 1. Latency, capture to display: each set-up runs a live 720p30 2.5 Mbit/s
#    H.264 (x264 veryfast, zero-latency settings) + AAC stream of a generated
#    picture, 2 s segments, and plays it in headless Chromium with dash.js in
#    low-latency mode (liveDelay 1.0 s with chunks, else the MPD's target;
#    catch-up on). The number is dash.js's
#    own readout (getCurrentLiveLatency: wall clock minus availabilityStartTime
#    plus the playhead; both packagers stamp media time 0 at the capture of the
#    first frame, and prft says the same per chunk), sampled every 0.5 s after
#    a warm-up. Set-ups: ours (dash-package --live, 0.5 s chunks, $Number$ →
#    dash-origin), ours without chunks (SegmentTimeline), and the peer of
#    ../shared/LIVE-ANCHOR.md: FFmpeg's LL-DASH muxer (-ldash, 0.5 s
#    fragments) uploading with PUT to scripts/live-upload-sink.py, which lays
#    the upload out as dash-package does, so that dash-origin serves both the
#    same way (a plain static server cannot: it would hand out truncated
#    growing segments). On loopback and on a 4 Mbit/s link (Chromium's network
#    emulation, 20 ms). Then our packager + dash-origin + dash-player
#    (headless, decoding): latency from its summary (the MPD timeline, the
#    same definition as dash.js's readout; the prft column adds the encoder's
#    delay), over the whole run with its warm-up; the 4 Mbit/s link is
#    dash-origin's own shaping (--rate 4mbit --latency 20ms).
# 2. Encode speed of the default live ladder (720p, 480p, 360p + AAC) from a
#    720p source: CPU seconds per media second (under 2.0 keeps up on two idle
#    cores) and how long the input had to wait on the encoders (0 when
#    keeping up), with the machine's load.
# 3. A long run: packager (0.5 s chunks) + origin + dash-player for
#    BENCH_LIVE_LONG_MINUTES: RSS of all three a minute in and at the end,
#    the player's stalls and latency. Run at nice -5 when root, so that
#    other work on the machine does not starve it.
#
#   scripts/bench-live.sh
# BUILD_DIR (build), BENCH_LIVE_SECONDS (30: samples per set-up),
# BENCH_LIVE_WARMUP (10), BENCH_LIVE_SPEED_SECONDS (60),
# BENCH_LIVE_LONG_MINUTES (30; 0 skips the long run), BENCH_LIVE_KEEP (a directory:
# the long run's player log is copied there), BENCH_LIVE_PARTS ("latency speed
# long": the parts to run).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
seconds=${BENCH_LIVE_SECONDS:-30}
warmup=${BENCH_LIVE_WARMUP:-10}
speed_seconds=${BENCH_LIVE_SPEED_SECONDS:-60}
long_minutes=${BENCH_LIVE_LONG_MINUTES:-30}
parts=${BENCH_LIVE_PARTS:-latency speed long}
part() { [[ " $parts " == *" $1 "* ]]; }
cmake --build "$build" --target dash-package dash-origin dash-player -j2 >/dev/null
interop=tests/interop
if [ ! -d "$interop/node_modules/playwright-core" ]; then
  (cd "$interop" && npm ci --no-audit --no-fund --loglevel=error)
fi
source scripts/lib.sh
make_work_dir
mkdir -p "$work/page" "$work/content"
cp "$interop/live.html" "$work/page/index.html"
cp "$interop/node_modules/dashjs/dist/modern/umd/dash.all.min.js" "$work/page/"
cp "$interop/node_modules/shaka-player/dist/shaka-player.compiled.js" "$work/page/"

start_origin "$work/page" "$work/page.out" --access-log off
page_url=$origin_url
start_origin "$work/content" "$work/content.out" --access-log off
content_url=$origin_url
content_pid=$origin_pid
content_port=${content_url##*:}
start_origin "$work/content" "$work/shaped.out" --access-log off --rate 4mbit --latency 20ms
shaped_url=$origin_url
sink_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 scripts/live-upload-sink.py "$work/content" "$sink_port" &
sink_pid=$!

# The stream every set-up encodes (LIVE-ANCHOR's).
size=1280x720
rate_kbps=2500
ours_common=(--test-source live --test-source-size "$size" --ladder "${size}@${rate_kbps}k" --segment-duration 2 -q)

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_s() {  # utime + stime of PID, seconds
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat" 2>/dev/null || echo 0
}
wait_for_file() { for _ in $(seq 200); do [ -f "$1" ] && return 0; sleep 0.05; done; return 1; }

# play NAME MPD_PATH THROTTLE_KBPS|"" [LIVE_DELAY_S] → one result line
play() {
  local name=$1 mpd=$2 kbps=$3 delay=${4:-}
  local json
  json=$(cd "$interop" && THROTTLE_KBPS=$kbps THROTTLE_LATENCY_MS=${kbps:+20} timeout $((seconds + warmup + 120)) \
         node play-live.mjs "$page_url/index.html" "$content_url/$mpd" dashjs low "$seconds" "$warmup" 1000 $delay || true)
  python3 - "$name" "$json" <<'EOF'
import json, sys
name, text = sys.argv[1], sys.argv[2]
try:
    r = json.loads(text)
    c = r["checks"]
    p50, p95 = c.get("latency_p50_s"), c.get("latency_p95_s")
    fmt = lambda v: "%.3f" % v if isinstance(v, (int, float)) else "-"
    note = "" if r.get("ok") else "  (" + ("; ".join(c.get("errors", [])) or c.get("exception", "did not play"))[:120] + ")"
    print("%-58s %8s %8s %7s %9s%s" % (name, fmt(p50), fmt(p95), c.get("stalls", "-"), c.get("stall_ms", "-"), note))
except Exception as e:
    print("%-58s did not run: %s" % (name, text[:160] or e))
EOF
}

# play_ours NAME MPD_URL [PLAYER OPTIONS...] → one result line from dash-player's summary
play_ours() {
  local name=$1 url=$2
  shift 2
  player_runs=$((player_runs + 1))
  local log="$work/player-$player_runs.jsonl"
  timeout $((seconds + warmup + 60)) "$build/player/dash-player" "$url" --headless --duration $((seconds + warmup)) \
    --log "$log" "$@" >/dev/null 2>"$log.err" || true
  python3 - "$name" "$log" <<'EOF'
import json, sys
name, path = sys.argv[1], sys.argv[2]
try:
    s = [json.loads(l) for l in open(path) if l.strip()][-1]
    live = s["live"]
    print("%-58s %8.3f %8.3f %7d %9.0f  prft p50 %.3f s, target %.2f s"
          % (name, live["latency_p50_s"], live["latency_p95_s"], s["stalls"], 1000 * s["stall_s"],
             live.get("prft_latency_p50_s", 0), live["target_latency_s"]))
except Exception as e:
    print("%-58s did not run: %s %s" % (name, e, open(path + ".err").read()[-160:]))
EOF
}
player_runs=0

run_ours() {  # NAME DIR LIVE_DELAY_S|"" [PACKAGER OPTIONS...] ; then plays on loopback and shaped
  local name=$1 dir=$2 delay=$3
  shift 3
  "$build/packager/dash-package" "${ours_common[@]}" "$@" -o "$work/content/$dir" &
  local pid=$!
  wait_for_file "$work/content/$dir/manifest.mpd"
  play "$name, loopback" "$dir/manifest.mpd" "" "$delay"
  play "$name, 4 Mbit/s" "$dir/manifest.mpd" 4000 "$delay"
  local ours=${name/dash.js/dash-player}
  ours=${ours/ (MPD target 3 s)/}
  play_ours "$ours, loopback" "$content_url/$dir/manifest.mpd"
  play_ours "$ours, 4 Mbit/s" "$shaped_url/$dir/manifest.mpd"
  kill -INT "$pid"; wait "$pid" || true
}

# FFmpeg announces chunks (availabilityTimeOffset) only with a $Number$
# template (-use_timeline 0); with its default SegmentTimeline it lists a
# segment once complete, and dash.js then fetches whole segments (3-4 s).
run_ffmpeg() {
  ffmpeg -v error -re -f lavfi -i "testsrc2=size=$size:rate=30" -f lavfi -i "sine=frequency=440:beep_factor=2:sample_rate=48000" \
    -c:v libx264 -preset veryfast -tune zerolatency -b:v "${rate_kbps}k" -maxrate "$((rate_kbps * 3 / 2))k" \
    -bufsize "$((rate_kbps * 3))k" -g 60 -keyint_min 60 -sc_threshold 0 -c:a aac -b:a 128k -ar 48000 \
    -f dash -streaming 1 -ldash 1 -use_timeline 0 -format_options movflags=cmaf -seg_duration 2 -frag_type duration -frag_duration 0.5 \
    -target_latency 1 -window_size 10 -extra_window_size 5 -utc_timing_url "http://127.0.0.1:$content_port/_time" \
    -method PUT "http://127.0.0.1:$sink_port/ffmpeg/manifest.mpd" 2>"$work/ffmpeg.err" &
  local pid=$!
  wait_for_file "$work/content/ffmpeg/manifest.mpd"
  play "FFmpeg -ldash 0.5 s fragments → dash-origin + dash.js, loopback" "ffmpeg/manifest.mpd" "" 1.0
  play "FFmpeg -ldash 0.5 s fragments → dash-origin + dash.js, 4 Mbit/s" "ffmpeg/manifest.mpd" 4000 1.0
  play_ours "FFmpeg -ldash 0.5 s fragments → dash-origin + dash-player, loopback" "$content_url/ffmpeg/manifest.mpd"
  play_ours "FFmpeg -ldash 0.5 s fragments → dash-origin + dash-player, 4 Mbit/s" "$shaped_url/ffmpeg/manifest.mpd"
  kill -INT "$pid"; wait "$pid" || true
}

if part latency; then
echo "== live latency, capture to display (dash.js low-latency readout, liveDelay 1.0 s); $seconds s after ${warmup} s warm-up"
echo "   $size 30 fps ${rate_kbps} kbit/s + AAC, 2 s segments; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-58s %8s %8s %7s %9s\n' "set-up" "p50 (s)" "p95 (s)" "stalls" "stall ms"
run_ours "ours: 0.5 s chunks → dash-origin + dash.js" ours-ll 1.0 --chunk-duration 0.5 --addressing number
run_ffmpeg
run_ours "ours: no chunks → dash-origin + dash.js (MPD target 3 s)" ours-segments ""
fi

if part speed; then
echo
echo "== encode speed, default live ladder (720p, 480p, 360p + AAC) from a 720p source, ${speed_seconds} s"
"$build/packager/dash-package" --test-source live --test-source-size 1280x720 -o "$work/content/speed" 2>"$work/speed.err" &
pid=$!
load_before=$(cut -d' ' -f1 /proc/loadavg)
sleep "$speed_seconds"
cpu=$(cpu_s "$pid")
kill -INT "$pid"; wait "$pid" || true
line=$(grep 'live stream ended' "$work/speed.err" || true)
media=$(sed -n 's/.*ended: \([0-9.]*\) s of media.*/\1/p' <<<"$line")
waited=$(sed -n 's/.*encoders \([0-9.]*\) s;.*/\1/p' <<<"$line")
python3 - "$media" "$cpu" "$waited" "$load_before" "$(cut -d' ' -f1 /proc/loadavg)" "$(nproc)" <<'EOF'
import sys
media, cpu, waited, load0, load1, cores = (float(x or 0) for x in sys.argv[1:])
print("media %.1f s, CPU %.1f s = %.2f CPU s per media s (keeps up on %d idle cores below %.1f); "
      "the input waited on the encoders %.1f s (%.1f%%); load average %.1f -> %.1f on %d cores"
      % (media, cpu, cpu / media if media else 0, cores, cores, waited, 100 * waited / media if media else 0,
         load0, load1, cores))
EOF

fi

if [ "$long_minutes" != 0 ] && part long; then
  echo
  echo "== long run: ${long_minutes} min, ours (0.5 s chunks) → dash-origin + dash-player (headless, decoding)"
  nice_cmd=()
  [ "$(id -u)" = 0 ] && nice_cmd=(nice -n -5)
  "${nice_cmd[@]}" "$build/packager/dash-package" "${ours_common[@]}" --chunk-duration 0.5 --addressing number \
    -o "$work/content/long" &
  pid=$!
  wait_for_file "$work/content/long/manifest.mpd"
  "${nice_cmd[@]}" "$build/player/dash-player" "$content_url/long/manifest.mpd" --headless \
    --duration $((long_minutes * 60)) --log "$work/long.jsonl" >/dev/null 2>"$work/long.err" &
  player=$!
  # RSS a minute in, then every 5 minutes: a trend, not just two points.
  rss_line() { echo "$1: packager RSS $(rss_kb "$pid") kB, origin RSS $(rss_kb "$content_pid") kB, player RSS $(rss_kb "$player") kB"; }
  sleep 60
  rss_line "1 min"
  for ((m = 5; m < long_minutes; m += 5)); do
    sleep 240
    [ "$m" -gt 5 ] && sleep 60
    rss_line "$m min"
  done
  # The end: 5 s before the player's --duration runs out, counted from the last line.
  if ((long_minutes <= 5)); then sleep $((long_minutes * 60 - 65)); else sleep $(((long_minutes % 5 == 0 ? 5 : long_minutes % 5) * 60 - 5)); fi
  rss_line "end (${long_minutes} min)"
  wait "$player" || true
  [ -n "${BENCH_LIVE_KEEP:-}" ] && cp "$work/long.jsonl" "$BENCH_LIVE_KEEP/"
  python3 - "$work/long.jsonl" <<'EOF' || tail -3 "$work/long.err"
import json, sys
s = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]
live = s["live"]
print("dash-player: %d stalls (%.0f ms), %d live jumps, latency p50 %.3f s, p95 %.3f s (prft p50 %.3f s), "
      "%.1f s faster and %.1f s slower than 1x, %d video segments, %d skipped"
      % (s["stalls"], 1000 * s["stall_s"], live["jumps"], live["latency_p50_s"], live["latency_p95_s"],
         live.get("prft_latency_p50_s", 0), live["catchup_s"], live.get("slowdown_s", 0),
         s["video_segments"], s["skipped_segments"]))
EOF
  kill -INT "$pid"; wait "$pid" || true
fi
kill "$sink_pid" 2>/dev/null || true
