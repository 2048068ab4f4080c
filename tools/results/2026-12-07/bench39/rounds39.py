#!/usr/bin/env python3
"""Medians of warm36.sh readings by warm-up count, over every serve in the files given:
rounds39.py warm39.out warm39b.out ..."""
import re, statistics, sys
by = {}
for path in sys.argv[1:]:
    for line in open(path):
        m = re.match(r'after (\d+) warm-ups, run \d+ ratio ([\d.]+) added_p50 ([\d.]+) engine ([\d.]+) platform ([\d.]+)', line)
        if m:
            by.setdefault(int(m.group(1)), []).append(tuple(float(x) for x in m.groups()[1:]))
for n in sorted(by):
    rows = by[n]
    ratio = [r[0] for r in rows]; p50 = [r[1] for r in rows]; eng = [r[2] for r in rows]
    print(f"after {n} warm-ups: {len(rows)} runs, ratio median {statistics.median(ratio):.3f} "
          f"({min(ratio):.3f}-{max(ratio):.3f}, {sum(x >= 0.8 for x in ratio)} >= 0.8), added p50 median "
          f"{statistics.median(p50):.1f} ms ({min(p50):.1f}-{max(p50):.1f}, {sum(x <= 50 for x in p50)} <= 50), "
          f"engine path {min(eng):.0f}-{max(eng):.0f} tasks/s")
