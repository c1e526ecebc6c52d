#!/usr/bin/env bash
# Benchmark (not a test): dash-package against `ffmpeg -f dash` on the same
# generated 60 s 1080p30 clip, same ladder (dash-package's default for
# 1080p), preset, GOP, segment length and audio, measured in the same run:
# wall time, CPU time and peak RSS (GNU time -v), their ratios, and PSNR of
# every rung measured the same way for both (FFmpeg's psnr filter against
# the source scaled to the rung with bicubic, like both scalers).
# x264's frame-thread count changes its rate-control decisions (a few
# hundredths of a dB either way), so FFmpeg is run twice: with its default
# threads for the speed comparison, and with dash-package's per-rung x264
# threads for a like-for-like PSNR comparison.
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
  /usr/bin/time -v -o "$log" "$@" >"$log.stdout" 2>"$log.stderr" || { cat "$log.stderr"; exit 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
    /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident/ { rss = $2 }
    END { printf "%.2f %.2f %d\n", wall, user + sys, rss }' "$log"
}

ours="$work/dash-package"
theirs="$work/ffmpeg-dash"
same="$work/ffmpeg-dash-same-threads"
rm -rf "$ours" "$theirs" "$same"
mkdir -p "$theirs" "$same"

echo "bench: dash-package ($preset, ${segment}s segments, default ladder)"
read -r our_wall our_cpu our_rss < <(measure "$work/ours.time" "$package" "$src" -o "$ours" --quiet --json --preset "$preset" --segment-duration "$segment")
# The x264 frame threads dash-package planned for each rung, in ladder order.
mapfile -t our_threads < <(grep -o '"encoder_threads": [0-9]*' "$work/ours.time.stdout" | grep -o '[0-9]*$')
[ "${#our_threads[@]}" = "${#ladder[@]}" ] || { echo "bench: dash-package --json did not report encoder_threads per rung"; exit 1; }

# The same ladder and settings for FFmpeg's DASH muxer.
maps=() per_stream=() same_threads=()
for i in "${!ladder[@]}"; do
  size=${ladder[$i]%%:*}
  kbps=${ladder[$i]##*:}
  maps+=(-map 0:v:0)
  same_threads+=(-threads:v:$i "${our_threads[$i]}")
  per_stream+=(-s:v:$i "$size" -b:v:$i "${kbps}k" -maxrate:v:$i "$((kbps * 3 / 2))k" -bufsize:v:$i "$((kbps * 3))k")
  our_size=$(grep -o "<Representation id=\"v$i\"[^>]*>" "$ours/manifest.mpd" | sed -E 's/.*width="([0-9]+)" height="([0-9]+)".*/\1x\2/')
  [ "$our_size" = "$size" ] || echo "bench: warning: dash-package rung v$i is $our_size, expected $size"
done
ffmpeg_dash=(ffmpeg -nostdin -y -i "$src" "${maps[@]}" -map 0:a:0
  -c:v libx264 -preset "$preset" -g "$gop" -keyint_min "$gop" -sc_threshold 0 -flags +cgop
  -force_key_frames "expr:gte(t,n_forced*$segment)" "${per_stream[@]}"
  -c:a aac -b:a 128k -ac 2 -ar 48000
  -f dash -seg_duration "$segment" -use_template 1 -use_timeline 1 -adaptation_sets "id=0,streams=v id=1,streams=a")
echo "bench: ffmpeg -f dash (same ladder, preset, GOP $gop, ${segment}s segments)"
read -r ff_wall ff_cpu ff_rss < <(measure "$work/ffmpeg.time" "${ffmpeg_dash[@]}" "$theirs/manifest.mpd")
echo "bench: ffmpeg -f dash again with dash-package's x264 threads per rung (${our_threads[*]}), for PSNR"
read -r same_wall _ _ < <(measure "$work/ffmpeg-same.time" "${ffmpeg_dash[@]}" "${same_threads[@]}" "$same/manifest.mpd")

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

printf '%-12s %10.2f %10s %12s   (x264 threads per rung as dash-package)\n' "ffmpeg same" "$same_wall" "" ""

# PSNR-Y: ours, FFmpeg with its default threads, FFmpeg with our threads.
printf '\n%-10s %8s %10s %12s %10s %12s %7s %12s %7s\n' "rung" "threads" "ours kb/s" "ffmpeg kb/s" "ours PSNR" "ffmpeg PSNR" "diff" "same-thr" "diff"
for i in "${!ladder[@]}"; do
  size=${ladder[$i]%%:*}
  cat "$ours/v$i-init.mp4" $(ls "$ours"/v$i-*.m4s | sort -V) > "$work/ours-v$i.mp4"
  for dir in "$theirs" "$same"; do
    cat "$dir/init-stream$i.m4s" $(ls "$dir"/chunk-stream$i-*.m4s | sort -V) > "$dir-v$i.mp4"
  done
  a=$(psnr "$work/ours-v$i.mp4" "$size")
  b=$(psnr "$theirs-v$i.mp4" "$size")
  c=$(psnr "$same-v$i.mp4" "$size")
  printf '%-10s %8s %10s %12s %10.3f %12.3f %+7.3f %12.3f %+7.3f\n' "$size" "${our_threads[$i]}" \
    "$(kbps_of "$work/ours-v$i.mp4")" "$(kbps_of "$theirs-v$i.mp4")" "$a" "$b" "$(echo "$a - $b" | bc -l)" "$c" "$(echo "$a - $c" | bc -l)"
done
echo
echo "goal: wall ratio <= 1.0 at equal or better PSNR per rung, dash-package peak RSS < 600 MB"

# --- Codecs (--codec h264,hevc,av1) against FFmpeg with the same encoders, and --quality display.
# BENCH_CODECS=h264,hevc,av1 (empty: skip). Same clip, ladder, preset, GOP and segments;
# CPU seconds (GNU time), and per rung the bit rate and PSNR-Y of both measured the same way.
IFS=, read -r -a codecs <<<"${BENCH_CODECS-h264,hevc,av1}"
for codec in "${codecs[@]}"; do
  case $codec in
    h264) enc=(-c:v libx264 -preset "$preset" -sc_threshold 0 -flags +cgop) ;;
    hevc) enc=(-c:v libx265 -preset "$preset" -x265-params "keyint=$gop:min-keyint=$gop:scenecut=0:open-gop=0:log-level=error") ;;
    av1) enc=(-c:v libsvtav1 -preset 11 -svtav1-params "irefresh-type=2:scd=0") ;;
    *) echo "bench: unknown codec $codec"; exit 1 ;;
  esac
  ours_c="$work/codec-$codec-ours" theirs_c="$work/codec-$codec-ffmpeg"
  rm -rf "$ours_c" "$theirs_c"; mkdir -p "$theirs_c"
  read -r ow oc _ < <(SVT_LOG=1 measure "$work/codec-$codec-ours.time" "$package" "$src" -o "$ours_c" --quiet --json --preset "$preset" --segment-duration "$segment" --codec "$codec")
  read -r fw fc _ < <(SVT_LOG=1 measure "$work/codec-$codec-ffmpeg.time" ffmpeg -nostdin -y -i "$src" "${maps[@]}" -an "${enc[@]}" -g "$gop" \
    -force_key_frames "expr:gte(t,n_forced*$segment)" "${per_stream[@]}" -f dash -seg_duration "$segment" -use_template 1 -use_timeline 1 "$theirs_c/manifest.mpd")
  printf '\ncodec %s: dash-package cpu %.1f s wall %.1f s | ffmpeg cpu %.1f s wall %.1f s | cpu ratio %.3f\n' "$codec" "$oc" "$ow" "$fc" "$fw" "$(echo "$oc / $fc" | bc -l)"
  printf '%-10s %10s %10s %12s %12s\n' "rung" "ours kb/s" "ours PSNR" "ffmpeg kb/s" "ffmpeg PSNR"
  prefix=$([ "$codec" = h264 ] && echo "" || echo "$codec-")
  for i in "${!ladder[@]}"; do
    size=${ladder[$i]%%:*}
    cat "$ours_c/${prefix}v$i-init.mp4" $(ls "$ours_c"/${prefix}v$i-*.m4s | sort -V) >"$work/c-ours-$i.mp4"
    cat "$theirs_c/init-stream$i.m4s" $(ls "$theirs_c"/chunk-stream$i-*.m4s | sort -V) >"$work/c-ff-$i.mp4"
    printf '%-10s %10s %10.3f %12s %12.3f\n' "$size" "$(kbps_of "$work/c-ours-$i.mp4")" "$(psnr "$work/c-ours-$i.mp4" "$size")" \
      "$(kbps_of "$work/c-ff-$i.mp4")" "$(psnr "$work/c-ff-$i.mp4" "$size")"
  done
done

# --quality display: the CPU it adds to an H.264 run, and how it ranks the rungs.
if [ -n "${BENCH_QUALITY-1}" ]; then
  rm -rf "$work/quality"
  read -r qw qc _ < <(measure "$work/quality.time" "$package" "$src" -o "$work/quality" --quiet --json --preset "$preset" --segment-duration "$segment" --quality display)
  printf '\n--quality display: cpu %.1f s vs %.1f s without (+%.1f%%), wall %.1f s vs %.1f s\n' "$qc" "$our_cpu" \
    "$(echo "($qc / $our_cpu - 1) * 100" | bc -l)" "$qw" "$our_wall"
  # Average kb/s from the segment files, as in the tables above; peak is the MPD's @bandwidth.
  python3 - "$work/quality.time.stdout" "$work/quality" "$seconds" <<'PY'
import glob, json, os, sys
reps = [r for r in json.load(open(sys.argv[1]))["representations"] if r["kind"] == "video"]
print(f'{"rung":>10} {"avg kb/s":>9} {"peak kb/s":>10} {"x264 PSNR (own size)":>22} {"PSNR display":>13} {"SSIM display":>13}')
for i, r in enumerate(reps):
    media_bytes = sum(os.path.getsize(f) for f in glob.glob(f"{sys.argv[2]}/v{i}-*.m4s") + [f"{sys.argv[2]}/v{i}-init.mp4"])
    avg = media_bytes * 8 / float(sys.argv[3]) / 1000
    print(f'{r["width"]}x{r["height"]:<5} {avg:>9.0f} {r["bandwidth"] // 1000:>10} {r.get("psnr_db", 0):>22.2f} {r["psnr_display"]:>13.2f} {r["ssim_display"]:>13.4f}')
PY
fi
