#!/usr/bin/env bash
# ABR benchmark (not a test): simulation speed per algorithm on one core, the
# speed of an external algorithm over the pipe, and the comparison tables on
# every shared group of traces.
#   scripts/bench-abr.sh [OUT_DIR]      (reports go to OUT_DIR, default out/bench-abr)
# Speed: sessions per second of one core (--jobs 1), each session run
# REPEAT times; robustmpc-exhaustive (the reference's enumeration of all 6^5
# plans, same decisions) is the peer that robustmpc's pruned search is
# measured against in the same run. Pensieve's Python needs ~1.2 s per
# robustMPC session (abr-reference/README.md). The external BB
# (player/abr_exec/examples/bb.py) must reproduce the built-in bb's row.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
out=${1:-out/bench-abr}
repeat=${REPEAT:-5}
shared=../shared
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target dash-abr-bench >/dev/null
bench="$build/player/sim/dash-abr-bench"
envivio="$shared/abr-reference/pensieve-envivio"
pensieve=(--traces "$shared/traces/pensieve-train" --video "$envivio")
mm="$shared/traces/mahimahi-cellular"
groups=(
  --group "pensieve-train:$envivio:$shared/traces/pensieve-train"
  --group "sabre-4g-belgium:$shared/abr-reference/sabre/bbb4k.json:$shared/traces/sabre-4g-belgium"
  --group "sabre-example:$shared/abr-reference/sabre/movie.json:$shared/traces/sabre-example"
  --group "mahimahi-umts-evdo:$envivio:$mm/TMobile-UMTS-driving.down,$mm/Verizon-EVDO-driving.down"
  --group "mahimahi-lte:$shared/abr-reference/sabre/bbb.json:$mm/ATT-LTE-driving-2016.down,$mm/ATT-LTE-driving.down,$mm/TMobile-LTE-driving.down,$mm/TMobile-LTE-short.down,$mm/Verizon-LTE-short.down"
)
mkdir -p "$out"

echo "== Speed: one core, pensieve-train (127 sessions x $repeat), reference model"
"$bench" "${pensieve[@]}" --abr all,robustmpc-exhaustive --jobs 1 --repeat "$repeat" -q | tee "$out/speed.txt"
awk '$1 == "robustmpc" { p = $NF } $1 == "robustmpc-exhaustive" { e = $NF }
     END { if (p && e) printf "robustmpc pruned search: %.0f sessions/s = %.1fx the exhaustive peer (%.0f/s); %.0fx the Python reference (1.2 s/session)\n", p, p / e, e, p * 1.2 }' "$out/speed.txt"

echo
echo "== External algorithm: player/abr_exec/examples/bb.py over the pipe, one core"
exec_bb="exec:python3 player/abr_exec/examples/bb.py"
"$bench" "${pensieve[@]}" --abr "bb,$exec_bb" --jobs 1 -q | tee "$out/exec.txt"
# Every column but the name and sessions/s must match.
awk -v name="$exec_bb" '
  index($0, name " ") == 1 { n = split(substr($0, length(name) + 1), f, " "); for (i = 1; i < n; i++) e = e " " f[i] }
  $1 == "bb" { for (i = 2; i < NF; i++) b = b " " $i }
  END { print (b != "" && b == e) ? "exec BB reproduces bb: every column equal" : "exec BB DIFFERS from bb" }' "$out/exec.txt"

jobs=$(nproc)
# The comparison tables use every core; their sessions/s column is only indicative.
run() {  # name, then dash-abr-bench arguments
  local name=$1
  shift
  echo
  echo "== $name"
  "$bench" "$@" --abr all --jobs "$jobs" -q --out "$out/$name" | grep -v '^wrote '
}
run groups-reference "${groups[@]}"
run pensieve-train-even "${pensieve[@]}" --subset even
run pensieve-train-odd "${pensieve[@]}" --subset odd
run groups-request "${groups[@]:2:4}" --model request
echo
echo "reports: $out/<name>/report.html"
