#!/usr/bin/env bash
# Benchmark (not a test): dash-package against `ffmpeg -f dash` on the same
# generated 60 s 1080p30 clip, same ladder (dash-package's default for
# 1080p), preset, GOP, segment length and audio, measured in the same run:
# wall time, CPU time and peak RSS (GNU time -v), their ratios, and PSNR of
# every rung measured the same way for both (FFmpeg's psnr filter against
# the source scaled to the rung with bicubic, like both scalers).
#
# Usage: scripts/bench-package.sh [BUILD_DIR]   (env: BENCH_SECONDS=60 BENCH_DIR=...)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-${BUILD_DIR:-build}}
seconds=${BENCH_SECONDS:-60}
work=${BENCH_DIR:-$build/bench-package}
package="$build/packager/dash-package"
[ -x "$package" ] || { echo "bench: build $package first (cmake --build $build --target dash-package)"; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench: /usr/bin/time missing (scripts/setup.sh installs it)"; exit 1; }
mkdir -p "$work"

segment=4
fps=30
gop=$((segment * fps))
preset=veryfast
# dash-package's default ladder for a 1920x1080 source (checked below).
ladder=(426x240:350 640x360:700 854x480:1200 1280x720:3000 1920x1080:5000)

src="$work/source-${seconds}s.mp4"
if [ ! -s "$src" ]; then
  echo "bench: generating a ${seconds}s 1080p30 source clip (once)"
  # Moving test pattern with grain that comes and goes (like --test-source), and a tone.
  ffmpeg -nostdin -v error -y -f lavfi \
    -i "testsrc2=size=1920x1080:rate=$fps:duration=$seconds,format=yuv420p,noise=alls=10:allf=t:enable='gte(mod(t,12),4)',noise=alls=18:allf=t:enable='gte(mod(t,12),8)'" \
    -f lavfi -i "sine=frequency=440:beep_factor=2:sample_rate=48000:duration=$seconds" \
    -c:v libx264 -preset ultrafast -crf 16 -g 60 -c:a aac -b:a 192k "$src.tmp.mp4"
  mv "$src.tmp.mp4" "$src"
fi

# Runs a command under GNU time; prints "wall cpu rss_kb".
measure() {
  local log=$1; shift
  /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$log.stderr" || { cat "$log.stderr"; exit 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
    /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident/ { rss = $2 }
    END { printf "%.2f %.2f %d\n", wall, user + sys, rss }' "$log"
}

ours="$work/dash-package"
theirs="$work/ffmpeg-dash"
rm -rf "$ours" "$theirs"
mkdir -p "$theirs"

echo "bench: dash-package ($preset, ${segment}s segments, default ladder)"
read -r our_wall our_cpu our_rss < <(measure "$work/ours.time" "$package" "$src" -o "$ours" --quiet --preset "$preset" --segment-duration "$segment")

# The same ladder and settings for FFmpeg's DASH muxer.
maps=() per_stream=()
for i in "${!ladder[@]}"; do
  size=${ladder[$i]%%:*}
  kbps=${ladder[$i]##*:}
  maps+=(-map 0:v:0)
  per_stream+=(-s:v:$i "$size" -b:v:$i "${kbps}k" -maxrate:v:$i "$((kbps * 3 / 2))k" -bufsize:v:$i "$((kbps * 3))k")
  our_size=$(grep -o "<Representation id=\"v$i\"[^>]*>" "$ours/manifest.mpd" | sed -E 's/.*width="([0-9]+)" height="([0-9]+)".*/\1x\2/')
  [ "$our_size" = "$size" ] || echo "bench: warning: dash-package rung v$i is $our_size, expected $size"
done
echo "bench: ffmpeg -f dash (same ladder, preset, GOP $gop, ${segment}s segments)"
read -r ff_wall ff_cpu ff_rss < <(measure "$work/ffmpeg.time" ffmpeg -nostdin -y -i "$src" "${maps[@]}" -map 0:a:0 \
  -c:v libx264 -preset "$preset" -g "$gop" -keyint_min "$gop" -sc_threshold 0 -flags +cgop \
  -force_key_frames "expr:gte(t,n_forced*$segment)" "${per_stream[@]}" \
  -c:a aac -b:a 128k -ac 2 -ar 48000 \
  -f dash -seg_duration "$segment" -use_template 1 -use_timeline 1 -adaptation_sets "id=0,streams=v id=1,streams=a" \
  "$theirs/manifest.mpd")

# PSNR (luma, mean over frames) of one representation file against the source scaled to its size.
psnr() {
  local media=$1 size=$2
  ffmpeg -nostdin -v info -i "$src" -i "$media" -lavfi \
    "[0:v]scale=${size/x/:}:flags=bicubic,setpts=PTS-STARTPTS[ref];[1:v]setpts=PTS-STARTPTS[d];[d][ref]psnr" \
    -f null - 2>&1 | grep -o 'y:[0-9.]*' | tail -1 | cut -d: -f2
}
kbps_of() {  # average bit rate of a file over the clip
  echo "$(( $(stat -c %s "$1") * 8 / seconds / 1000 ))"
}

printf '\n%-12s %10s %10s %12s\n' "" "wall s" "cpu s" "peak RSS MB"
printf '%-12s %10.2f %10.2f %12.1f\n' "dash-package" "$our_wall" "$our_cpu" "$(echo "$our_rss / 1024" | bc -l)"
printf '%-12s %10.2f %10.2f %12.1f\n' "ffmpeg dash" "$ff_wall" "$ff_cpu" "$(echo "$ff_rss / 1024" | bc -l)"
printf '%-12s %10.3f %10.3f %12.3f\n' "ratio" "$(echo "$our_wall / $ff_wall" | bc -l)" "$(echo "$our_cpu / $ff_cpu" | bc -l)" \
  "$(echo "$our_rss / $ff_rss" | bc -l)"

printf '\n%-10s %14s %14s %14s %14s %8s\n' "rung" "ours kb/s" "ffmpeg kb/s" "ours PSNR-Y" "ffmpeg PSNR-Y" "diff dB"
for i in "${!ladder[@]}"; do
  size=${ladder[$i]%%:*}
  cat "$ours/v$i-init.mp4" $(ls "$ours"/v$i-*.m4s | sort -V) > "$work/ours-v$i.mp4"
  cat "$theirs/init-stream$i.m4s" $(ls "$theirs"/chunk-stream$i-*.m4s | sort -V) > "$work/ffmpeg-v$i.mp4"
  a=$(psnr "$work/ours-v$i.mp4" "$size")
  b=$(psnr "$work/ffmpeg-v$i.mp4" "$size")
  printf '%-10s %14s %14s %14.2f %14.2f %+8.2f\n' "$size" "$(kbps_of "$work/ours-v$i.mp4")" \
    "$(kbps_of "$work/ffmpeg-v$i.mp4")" "$a" "$b" "$(echo "$a - $b" | bc -l)"
done
echo
echo "goal: wall ratio <= 1.0 at equal or better PSNR per rung, dash-package peak RSS < 600 MB"
