#!/usr/bin/env bash
# The release interop test: what dash-package writes for real releases,
# played in headless Chromium by the players people use.
#  - dash.js and Shaka: two audio languages, a switch during playback (and
#    the origin's log shows the second language's segments being fetched),
#    WebVTT subtitles whose cues appear at the right times; AV1 rungs;
#    ClearKey-encrypted content ('cenc' and 'cbcs');
#  - hls.js: the HLS playlists of the same segments, audio and subtitle groups;
#  - ffprobe: opens master.m3u8, and the encrypted MPD with the key.
#   tests/interop/release-interop.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
package="$build/packager/dash-package"
command -v chromium >/dev/null || { echo "chromium is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
if [ ! -d "$here/node_modules/hls.js" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
content="$work/content"
mkdir -p "$content" "$work/page"

# A 12 s clip with English and French audio (a 440 Hz and a 660 Hz tone), and subtitles.
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=s=640x360:r=30:d=12 -f lavfi -i sine=f=440:r=48000:d=12 \
  -f lavfi -i sine=f=660:r=48000:d=12 -map 0 -map 1 -map 2 -c:v libx264 -preset ultrafast -c:a aac \
  -metadata:s:a:0 language=eng -metadata:s:a:1 language=fre "$work/film.mkv"
# The first French cue spans the 6 s segment boundary.
printf '1\n00:00:04,500 --> 00:00:06,500\nBonjour à tous\n\n2\n00:00:09,000 --> 00:00:10,000\nDeuxième réplique\n' > "$work/fr.srt"
printf 'WEBVTT\n\n00:00.500 --> 00:02.500\nHello everyone\n' > "$work/en.vtt"
cues='{"audio":["en","fr"],"switch_to":"fr","text":"fr","cues":[{"start":4.5,"end":6.5,"text":"Bonjour à tous"},{"start":9,"end":10,"text":"Deuxième réplique"}]}'

common=(--segment-duration 2 --preset ultrafast --quiet)
"$package" "$work/film.mkv" --subtitles "$work/fr.srt" --subtitles "$work/en.vtt" --hls \
  --ladder 640x360@800k,320x180@250k "${common[@]}" -o "$content/tracks"
"$package" --test-source 12 --test-source-size 640x360 --codec av1 --ladder 640x360@500k,320x180@150k \
  "${common[@]}" -o "$content/av1"
kid=0123456789abcdef0123456789abcdef key=5ecc0fc0ffee5ecc0fc0ffee5ecc0fc0
for scheme in cenc cbcs; do
  "$package" --test-source 12 --test-source-size 640x360 --ladder 640x360@800k,320x180@250k "${common[@]}" \
    --encrypt "$scheme" --key-id "$kid" --key "$key" -o "$content/$scheme"
done

cp "$here/release-page.html" "$work/page/index.html"
cp "$here/node_modules/dashjs/dist/modern/umd/dash.all.min.js" "$here/node_modules/shaka-player/dist/shaka-player.compiled.js" \
  "$here/node_modules/hls.js/dist/hls.min.js" "$work/page/"
source "$here/../../scripts/lib.sh"  # start_origin: in this shell, so the exit trap stops it
start_origin "$content" "$work/content.out" --access-log "$work/content.log"
content_url=$origin_url
start_origin "$work/page" "$work/page.out" --access-log "$work/page.log"
page_url=$origin_url

failures=0
run() {  # NAME PLAYER SCENARIO SRC [SPEC]
  local name=$1; shift
  : >"$work/content.log"  # this run's requests only
  if out=$(cd "$here" && timeout 240 node release-play.mjs "$page_url/index.html" "$content_url/$3" "$1" "$2" "${4:-}"); then
    echo "PASS $name $out"
  else
    echo "FAIL $name $out"
    failures=$((failures + 1))
  fi
}
# The switch must reach the network: the French track's segments are fetched.
fetched_french() {  # NAME
  if grep -q '/tracks/a1-' "$work/content.log"; then echo "PASS $1: French audio segments fetched after the switch"
  else echo "FAIL $1: no French audio segment was fetched"; failures=$((failures + 1)); fi
}
for player in dashjs shaka; do
  run "$player tracks" "$player" tracks tracks/manifest.mpd "$cues"
  fetched_french "$player"
  run "$player av1" "$player" play av1/manifest.mpd
  for scheme in cenc cbcs; do CLEARKEY="$kid:$key" run "$player clearkey-$scheme" "$player" play "$scheme/manifest.mpd"; done
done
# Control: without the key, encrypted content must not play.
if (cd "$here" && timeout 240 node release-play.mjs "$page_url/index.html" "$content_url/cenc/manifest.mpd" dashjs play) >/dev/null; then
  echo "FAIL dashjs played encrypted content without its key"
  failures=$((failures + 1))
else
  echo "PASS dashjs does not play encrypted content without its key"
fi
run "hlsjs tracks" hlsjs tracks tracks/master.m3u8 "$cues"
fetched_french hlsjs

# FFmpeg opens the HLS master playlist and, with the key, the encrypted MPDs.
check() {  # NAME COMMAND...
  local name=$1; shift
  if out=$("$@" 2>&1); then echo "PASS $name"; else echo "FAIL $name: $out" | head -5; failures=$((failures + 1)); fi
}
check "ffprobe master.m3u8" sh -c "ffprobe -v error -show_entries stream=codec_type -of csv=p=0 '$content_url/tracks/master.m3u8' | grep -q audio"
for scheme in cenc cbcs; do
  check "ffmpeg decodes the $scheme MPD with the key" \
    ffmpeg -nostdin -v error -cenc_decryption_key "$key" -i "$content_url/$scheme/manifest.mpd" -map 0 -t 4 -f null -
done
[ $failures -eq 0 ] || { echo "release interop: $failures failure(s)"; exit 1; }
echo "release interop: all passed"
