#!/usr/bin/env bash
# README command (2): installs dependencies, builds, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build=${BUILD_DIR:-build}
source scripts/build-flags.sh  # Ninja, unity build, lld
# Line tables only (-g1): backtraces keep file:line, and the build takes a good deal less time.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
  "${build_flags[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" -j"$(nproc)" --output-on-failure --timeout 300
# Real browser clients (dash.js and Shaka Player in Debian's Chromium) on our
# packaged output; outside ctest because it installs npm packages first.
tests/interop/browser-interop.sh "$build"
# Live streams (dash-package --live → dash-origin), normal and low latency.
tests/interop/live-interop.sh "$build"
# Release features in the same browsers: audio languages, subtitles, AV1, ClearKey, HLS in hls.js.
tests/interop/release-interop.sh "$build"
