#!/usr/bin/env bash
# Installs every Debian 12 package that the build, the tests and the demo need.
# Idempotent: packages already present are skipped, so a second run is quick.
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config git ca-certificates
  # faster builds: Ninja, and the LLVM linker (scripts/build-flags.sh)
  ninja-build lld
  libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev libavfilter-dev
  libcpp-httplib-dev libssl-dev libsdl2-dev libsdl2-ttf-dev fonts-dejavu-core fonts-wqy-microhei libpugixml-dev
  nlohmann-json3-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev
  # fuzzing and sanitizers (clang + its runtime)
  clang libclang-rt-14-dev
  # test peers: ffmpeg CLI, schema validation, HTTP cache, load, display
  ffmpeg libxml2-utils nginx-light wrk curl xvfb xauth python3 openssl
  # benchmarks: /usr/bin/time -v for CPU time and peak RSS
  time
  # browser interop tests: Debian's Chromium driven by playwright-core (npm)
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Node.js and npm (for the browser tests) usually come with the machine; take
# Debian's only when they are absent, since they conflict with other builds.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
