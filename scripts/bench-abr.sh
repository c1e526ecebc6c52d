#!/usr/bin/env bash
# ABR benchmark (not a test): simulation speed per algorithm on one core, and
# the full comparison table on the shared traces.
#   scripts/bench-abr.sh [OUT_DIR]      (reports go to OUT_DIR, default out/bench-abr)
# Speed: sessions per second of one core (--jobs 1), each session run
# REPEAT times; robustmpc-exhaustive (the reference's enumeration of all 6^5
# plans, same decisions) is the peer that robustmpc's pruned search is
# measured against in the same run. Pensieve's Python needs ~1.2 s per
# robustMPC session (abr-reference/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
out=${1:-out/bench-abr}
repeat=${REPEAT:-5}
shared=../shared
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target dash-abr-bench >/dev/null
bench="$build/player/sim/dash-abr-bench"
pensieve=(--traces "$shared/traces/pensieve-train" --video "$shared/abr-reference/pensieve-envivio")
sabre4g=(--traces "$shared/traces/sabre-4g-belgium" --video "$shared/abr-reference/sabre/bbb4k.json")

echo "== Speed: one core, pensieve-train (127 sessions x $repeat), reference model"
mkdir -p "$out"
"$bench" "${pensieve[@]}" --abr all,robustmpc-exhaustive --jobs 1 --repeat "$repeat" -q | tee "$out/speed.txt"
awk '$1 == "robustmpc" { p = $NF } $1 == "robustmpc-exhaustive" { e = $NF }
     END { if (p && e) printf "robustmpc pruned search: %.0f sessions/s = %.1fx the exhaustive peer (%.0f/s); %.0fx the Python reference (1.2 s/session)\n", p, p / e, e, p * 1.2 }' "$out/speed.txt"

jobs=$(nproc)
# The comparison tables use every core; their sessions/s column is only indicative.
run() {  # name, then dash-abr-bench arguments
  local name=$1
  shift
  echo
  echo "== $name"
  "$bench" "$@" --abr all --jobs "$jobs" -q --out "$out/$name" | grep -v '^wrote '
}
run pensieve-train "${pensieve[@]}"
run pensieve-train-even "${pensieve[@]}" --subset even
run pensieve-train-odd "${pensieve[@]}" --subset odd
run sabre-4g-bbb4k-request "${sabre4g[@]}" --model request
run sabre-4g-bbb4k-reference "${sabre4g[@]}"
echo
echo "reports: $out/<name>/report.html"
