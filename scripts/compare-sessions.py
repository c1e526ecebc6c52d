#!/usr/bin/env python3
"""Compares two sessions.csv files of dash-abr-bench (emulated and simulated)
session by session: per algorithm, the mean QoE_lin of each, the mean absolute
per-session difference, and that difference as a share of the mean absolute
emulated value (the sim-to-real goal is within 5%).
usage: compare-sessions.py EMULATED.csv SIMULATED.csv"""
import csv
import sys


def read(path):
    with open(path, newline="") as f:
        return {(r["algorithm"], r["trace"]): r for r in csv.DictReader(f) if not r.get("error")}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    emulated, simulated = read(sys.argv[1]), read(sys.argv[2])
    algorithms = sorted({a for a, _ in emulated})
    print(f"{'algorithm':<12} {'sessions':>8} {'emulated':>9} {'simulated':>9} {'mean |diff|':>11} {'share':>7}"
          f" {'rebuf emu':>9} {'rebuf sim':>9}")
    missing = sum(1 for k in emulated if k not in simulated)
    for a in algorithms + ["all"]:
        pairs = [(e, simulated[k]) for k, e in emulated.items() if a in (k[0], "all") and k in simulated]
        if not pairs:
            continue
        n = len(pairs)
        emu = sum(float(e["qoe_lin"]) for e, _ in pairs) / n
        sim = sum(float(s["qoe_lin"]) for _, s in pairs) / n
        diff = sum(abs(float(e["qoe_lin"]) - float(s["qoe_lin"])) for e, s in pairs) / n
        scale = sum(abs(float(e["qoe_lin"])) for e, _ in pairs) / n
        rebuf_e = sum(float(e["rebuffer_s"]) for e, _ in pairs) / n
        rebuf_s = sum(float(s["rebuffer_s"]) for _, s in pairs) / n
        share = diff / scale if scale > 0 else float("inf")
        print(f"{a:<12} {n:>8} {emu:>9.4f} {sim:>9.4f} {diff:>11.4f} {share:>6.1%} {rebuf_e:>9.3f} {rebuf_s:>9.3f}")
    if missing:
        print(f"({missing} emulated sessions have no simulated twin)")


if __name__ == "__main__":
    main()
