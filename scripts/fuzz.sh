#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for SECONDS (default 60).
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Seeds come from fuzz/corpus/<name>/ (when present); the growing corpus is kept
# in fuzz/corpus-work/<name>/ and crashes in fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
build=${BUILD_DIR:-build-fuzz}
# A tree already configured with the fuzz targets (CI's sanitizer tree) is used as it is.
if ! grep -q '^DASHSTREAM_FUZZ:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DDASHSTREAM_FUZZ=ON -DDASHSTREAM_TESTS=OFF >/dev/null
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  # Every fuzz target, and only what they link (not the programs).
  # (The help text of Makefiles lists "... NAME_fuzzer", Ninja's "NAME_fuzzer: phony".)
  mapfile -t targets < <(cmake --build "$build" --target help | sed -nE 's/^(\.\.\. )?([A-Za-z0-9_]+)_fuzzer(: .*)?$/\2/p' | sort)
fi
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/%/_fuzzer}" >/dev/null
mkdir -p fuzz/crashes
# fuzz_one TARGET: runs one target for $seconds; prints its summary in one piece
# (targets run side by side) and fails when it found a crash.
fuzz_one() {
  local t=$1 work="fuzz/corpus-work/$1" seeds=()
  mkdir -p "$work"
  [ -d "fuzz/corpus/$t" ] && seeds=("fuzz/corpus/$t")
  # The standard's example MPDs are the MPD reader's best seeds.
  [ "$t" = mpd ] && [ -d ../shared/dash-schema/examples ] && seeds+=(../shared/dash-schema/examples)
  if ! "$build/fuzz/${t}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="fuzz/crashes/${t}-" -print_final_stats=1 "$work" "${seeds[@]}" \
      2>"fuzz/corpus-work/$t.log"; then
    echo "fuzz: $t for ${seconds}s FOUND A CRASH (see fuzz/crashes/, log fuzz/corpus-work/$t.log)
$(tail -30 "fuzz/corpus-work/$t.log")"
    return 1
  fi
  echo "fuzz: $t for ${seconds}s $(grep -E "stat::number_of_executed_units|cov:" "fuzz/corpus-work/$t.log" | tail -2 | tr '\n' ' ')"
}
# One target per core (FUZZ_JOBS): each single-threaded fuzzer still gets its
# full time on a core of its own.
max_jobs=${FUZZ_JOBS:-$(nproc)}
running=0
status=0
for t in "${targets[@]}"; do
  if [ $running -ge "$max_jobs" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
  fuzz_one "$t" &
  running=$((running + 1))
done
while [ $running -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
exit $status
