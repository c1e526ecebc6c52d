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
#    emulation, 20 ms). The slot for dash-player (no live playback yet) is
#    marked.
# 2. Encode speed of the default live ladder (720p, 480p, 360p + AAC) from a
#    720p source: CPU seconds per media second (under 2.0 keeps up on two idle
#    cores) and how long the input had to wait on the encoders (0 when
#    keeping up), with the machine's load.
# 3. A long run: packager + origin + dash.js for BENCH_LIVE_LONG_MINUTES,
#    RSS of packager and origin at the start and the end, dash.js stalls.
#
#   scripts/bench-live.sh
# BUILD_DIR (build), BENCH_LIVE_SECONDS (30: samples per set-up),
# BENCH_LIVE_WARMUP (10), BENCH_LIVE_SPEED_SECONDS (60),
# BENCH_LIVE_LONG_MINUTES (30; 0 skips the long run).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
seconds=${BENCH_LIVE_SECONDS:-30}
warmup=${BENCH_LIVE_WARMUP:-10}
speed_seconds=${BENCH_LIVE_SPEED_SECONDS:-60}
long_minutes=${BENCH_LIVE_LONG_MINUTES:-30}
cmake --build "$build" --target dash-package dash-origin -j2 >/dev/null
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
content_port=${content_url##*:}
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

run_ours() {  # NAME DIR LIVE_DELAY_S|"" [PACKAGER OPTIONS...] ; then plays on loopback and shaped
  local name=$1 dir=$2 delay=$3
  shift 3
  "$build/packager/dash-package" "${ours_common[@]}" "$@" -o "$work/content/$dir" &
  local pid=$!
  wait_for_file "$work/content/$dir/manifest.mpd"
  play "$name, loopback" "$dir/manifest.mpd" "" "$delay"
  play "$name, 4 Mbit/s" "$dir/manifest.mpd" 4000 "$delay"
  kill -INT "$pid"; wait "$pid" || true
}

run_ffmpeg() {
  ffmpeg -v error -re -f lavfi -i "testsrc2=size=$size:rate=30" -f lavfi -i "sine=frequency=440:beep_factor=2:sample_rate=48000" \
    -c:v libx264 -preset veryfast -tune zerolatency -b:v "${rate_kbps}k" -maxrate "$((rate_kbps * 3 / 2))k" \
    -bufsize "$((rate_kbps * 3))k" -g 60 -keyint_min 60 -sc_threshold 0 -c:a aac -b:a 128k -ar 48000 \
    -f dash -streaming 1 -ldash 1 -format_options movflags=cmaf -seg_duration 2 -frag_type duration -frag_duration 0.5 \
    -target_latency 1 -window_size 10 -extra_window_size 5 -utc_timing_url "http://127.0.0.1:$content_port/_time" \
    -method PUT "http://127.0.0.1:$sink_port/ffmpeg/manifest.mpd" 2>"$work/ffmpeg.err" &
  local pid=$!
  wait_for_file "$work/content/ffmpeg/manifest.mpd"
  play "FFmpeg -ldash 0.5 s fragments → dash-origin + dash.js, loopback" "ffmpeg/manifest.mpd" "" 1.0
  play "FFmpeg -ldash 0.5 s fragments → dash-origin + dash.js, 4 Mbit/s" "ffmpeg/manifest.mpd" 4000 1.0
  kill -INT "$pid"; wait "$pid" || true
}

echo "== live latency, capture to display (dash.js low-latency readout, liveDelay 1.0 s); $seconds s after ${warmup} s warm-up"
echo "   $size 30 fps ${rate_kbps} kbit/s + AAC, 2 s segments; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-58s %8s %8s %7s %9s\n' "set-up" "p50 (s)" "p95 (s)" "stalls" "stall ms"
run_ours "ours: 0.5 s chunks → dash-origin + dash.js" ours-ll 1.0 --chunk-duration 0.5 --addressing number
run_ffmpeg
run_ours "ours: no chunks → dash-origin + dash.js (MPD target 3 s)" ours-segments ""
echo "ours → dash-origin + dash-player: (slot: dash-player has no live playback yet; add its runs here)"

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

if [ "$long_minutes" != 0 ]; then
  echo
  echo "== long run: ${long_minutes} min, ours (0.5 s chunks) → dash-origin + dash.js"
  "$build/packager/dash-package" "${ours_common[@]}" --chunk-duration 0.5 --addressing number -o "$work/content/long" &
  pid=$!
  wait_for_file "$work/content/long/manifest.mpd"
  (cd "$interop" && timeout $((long_minutes * 60 + 300)) node play-live.mjs "$page_url/index.html" \
     "$content_url/long/manifest.mpd" dashjs low "$((long_minutes * 60 - 60))" 30 1000 1.0 >"$work/long.json" || true) &
  player=$!
  sleep 60
  echo "start (60 s): packager RSS $(rss_kb "$pid") kB, origin RSS $(rss_kb "$origin_pid") kB"
  wait "$player" || true
  echo "end (${long_minutes} min): packager RSS $(rss_kb "$pid") kB, origin RSS $(rss_kb "$origin_pid") kB"
  python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["checks"]; print("dash.js: %s stalls (%s ms), latency p50 %s s, p95 %s s" % (c.get("stalls"), c.get("stall_ms"), c.get("latency_p50_s"), c.get("latency_p95_s")))' "$work/long.json" || cat "$work/long.json"
  echo "dash-player RSS: (slot: no live playback yet)"
  kill -INT "$pid"; wait "$pid" || true
fi
kill "$sink_pid" 2>/dev/null || true
