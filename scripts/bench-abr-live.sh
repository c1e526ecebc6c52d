#!/usr/bin/env bash
# Live ABR benchmark (not a test): every algorithm in dash-abr-bench --live on
# the shared groups of traces, at target latencies of 1.5 s and 3 s with
# 0.5 s CMAF chunks (the tables in player/sim/README.md, "Live").
#   scripts/bench-abr-live.sh [OUT_DIR]     (reports go to OUT_DIR/target-L, default out/bench-abr-live)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
out=${1:-out/bench-abr-live}
shared=../shared
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target dash-abr-bench >/dev/null
bench="$build/player/sim/dash-abr-bench"
envivio="$shared/abr-reference/pensieve-envivio"
mm="$shared/traces/mahimahi-cellular"
groups=(
  --group "pensieve-train:$envivio:$shared/traces/pensieve-train"
  --group "sabre-4g-belgium:$shared/abr-reference/sabre/bbb4k.json:$shared/traces/sabre-4g-belgium"
  --group "mahimahi-umts-evdo:$envivio:$mm/TMobile-UMTS-driving.down,$mm/Verizon-EVDO-driving.down"
  --group "mahimahi-lte:$shared/abr-reference/sabre/bbb.json:$mm/ATT-LTE-driving-2016.down,$mm/ATT-LTE-driving.down,$mm/TMobile-LTE-driving.down,$mm/TMobile-LTE-short.down,$mm/Verizon-LTE-short.down"
)
for target in 1.5 3; do
  echo
  echo "== live, target latency $target s, 0.5 s chunks"
  "$bench" "${groups[@]}" --live --target-latency "$target" --chunk-duration 0.5 --abr all --jobs "$(nproc)" -q \
    --out "$out/target-$target" | grep -v '^wrote '
done
