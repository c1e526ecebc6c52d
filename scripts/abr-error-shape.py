#!/usr/bin/env python3
"""The shape of throughput prediction errors, as smpc's forecast uses it.

Reads dash-abr-bench's predictions.csv (every prediction against what the
download got), follows each session's error scale as the forecast does
(sigma: exponentially weighted mean of |log(actual/predicted)|, weight 0.1,
0.15 at the start, at least 0.02) and prints the standardised errors
log(actual/predicted)/sigma as 12 bins (mean of each bin : its weight), the
kShape table of player/abr/throughput_forecast.cc.

  dash-abr-bench --traces ../shared/traces/pensieve-train --video ../shared/abr-reference/pensieve-envivio \\
                 --subset even --abr smpc --out out/shape
  scripts/abr-error-shape.py out/shape/predictions.csv [ALGORITHM]

Standard library only.
"""
import csv
import math
import sys
from collections import defaultdict

WEIGHT, START, FLOOR = 0.1, 0.15, 0.02
# Bin edges in cumulative probability: finer in the tails, where stalls come from.
EDGES = [0, 0.01, 0.03, 0.06, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.97, 1.0]


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: abr-error-shape.py predictions.csv [algorithm (default smpc)]")
    algorithm = sys.argv[2] if len(sys.argv) > 2 else "smpc"
    sessions = defaultdict(list)
    with open(sys.argv[1], newline="") as f:
        for row in csv.DictReader(f):
            if row["algorithm"] == algorithm:
                sessions[(row.get("group", ""), row["trace"])].append(
                    (float(row["predicted_bps"]), float(row["actual_bps"])))
    z = []
    for samples in sessions.values():
        sigma = START
        for predicted, actual in samples:
            error = math.log(actual / predicted)
            z.append(error / sigma)
            sigma = max(FLOOR, (1 - WEIGHT) * sigma + WEIGHT * abs(error))
    if not z:
        sys.exit("no predictions of '%s' in %s" % (algorithm, sys.argv[1]))
    z.sort()
    n = len(z)
    bins = []
    for lo, hi in zip(EDGES, EDGES[1:]):
        part = z[int(lo * n):max(int(hi * n), int(lo * n) + 1)]
        bins.append("%.2f:%.2f" % (sum(part) / len(part), hi - lo))
    print("%d predictions of %s in %d sessions" % (n, algorithm, len(sessions)))
    print(" ".join(bins))


if __name__ == "__main__":
    main()
