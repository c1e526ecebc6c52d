#!/usr/bin/env bash
# Benchmark (not a test) of dash-player on loopback against dash-origin:
#   - start to first frame (median of 5 headless runs, MPD fetch included),
#   - 1080p30 decoding speed in --fast headless mode (frames/s, x real time),
#   - peak RSS of the fast run.
# Goals on a 2-core machine: first frame < 300 ms, >= 8x real time, < 200 MB.
#   scripts/bench-player.sh [MPD_DIR]   (default: a 60 s 1080p30 clip made with ffmpeg)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
cmake --build "$build" --target dash-player dash-origin -j2 >/dev/null
source scripts/lib.sh
make_work_dir

content=${1:-}
if [ -z "$content" ]; then
  content="$work/content/clip"
  mkdir -p "$content"
  echo "bench: encoding a 60 s 1080p30 clip (x264 veryfast, 5 Mbit/s, 4 s segments)..."
  ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=1920x1080:rate=30:duration=60 \
    -f lavfi -i sine=frequency=440:sample_rate=48000:duration=60 -map 0:v -map 1:a \
    -c:v libx264 -preset veryfast -b:v 5M -maxrate 5M -bufsize 10M -g 120 -keyint_min 120 -sc_threshold 0 \
    -c:a aac -b:a 128k -f dash -seg_duration 4 -use_timeline 0 "$content/manifest.mpd"
fi
start_origin "$(dirname "$content")" "$work/origin.out" --access-log off
url="$origin_url/$(basename "$content")/manifest.mpd"

echo "bench: first frame (5 runs, headless, playing 1.5 s each)"
firsts=()
for i in 1 2 3 4 5; do
  # Parsed after the run: a parser started in the same pipe would compete for the CPU with the player's start.
  summary=$("$build/player/dash-player" --headless --json --duration 1.5 "$url")
  f=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["first_frame_s"])' <<<"$summary")
  firsts+=("$f")
done
median=$(printf '%s\n' "${firsts[@]}" | sort -n | sed -n 3p)

echo "bench: decoding the whole clip as fast as possible"
/usr/bin/time -v "$build/player/dash-player" --headless --fast --json "$url" >"$work/fast.json" 2>"$work/time.txt"
read -r frames wall media <<<"$(python3 -c 'import json; s=json.load(open("'"$work/fast.json"'")); print(s["video_frames"], s["wall_s"], s["played_s"])')"
rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$work/time.txt")

echo
printf '%-34s %s\n' "first frame (median of 5)" "$(awk -v v="$median" 'BEGIN{printf "%.0f ms   (runs: ", v*1000}')$(printf '%s ' "${firsts[@]}" | awk '{for(i=1;i<=NF;i++) printf "%.0f ", $i*1000}')ms)   goal < 300 ms"
awk -v f="$frames" -v w="$wall" -v m="$media" 'BEGIN {
  printf "%-34s %.0f frames/s, %.1fx real time (%d frames in %.2f s)   goal >= 8x\n", "1080p30 decode, --fast headless", f/w, m/w, f, w }'
awk -v k="$rss_kb" 'BEGIN { printf "%-34s %.0f MB   goal < 200 MB\n", "peak RSS (fast run)", k/1024 }'
