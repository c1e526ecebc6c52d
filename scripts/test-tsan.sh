#!/usr/bin/env bash
# Builds the player's threaded code with ThreadSanitizer and runs its tests:
# the session and event loop, the network layer, and local and origin
# playback (which run real dash-player processes, built with TSan too).
# Not part of CI (a third full build); run it after changing threads or locks.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build=${BUILD_DIR:-build-tsan}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="-fsanitize=thread -O1 -g1" >/dev/null
cmake --build "$build" -j"$(nproc)" --target player_session_tests player_net_tests player_local_tests \
  player_origin_tests dash-player dash-origin dash-package
export TSAN_OPTIONS="halt_on_error=0 suppressions=$PWD/tests/tsan.supp"
export DS_TIMING_SCALE=4
ctest --test-dir "$build" -j"$(nproc)" --output-on-failure --timeout 600 \
  -R 'EventLoop|PlaybackState|Session|VirtualNetwork|SharedLink|ThreadedTransport|HttpFetcher|Fetcher|BaseUrl|LocalPlayback|OriginPlayback|Transport|Forms'
