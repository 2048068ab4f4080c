#!/usr/bin/env python3
"""Medians and ranges per arm of lab.sh's `show` lines ("LABEL run N ratio R added_p50 A engine E platform P ...
serve cpu/task S ..."), over any number of .out files (thirty-sixth session). usage: arms36.py FILE..."""
import collections, re, statistics, sys

LINE = re.compile(r"^(?P<arm>.+?) run \d+ ratio (?P<ratio>[\d.]+) added_p50 (?P<added>[\d.]+) engine (?P<engine>[\d.]+) "
                  r"platform (?P<platform>[\d.]+) .*? rows (?P<rows>[\d.]+) serve cpu/task (?P<cpu>[\d.]+)")
arms = collections.defaultdict(lambda: collections.defaultdict(list))
for path in sys.argv[1:]:
    for line in open(path):
        m = LINE.match(line.strip())
        if m:
            for k in ("ratio", "added", "engine", "platform", "rows", "cpu"):
                arms[m["arm"]][k].append(float(m[k]))
for arm, v in arms.items():
    cells = [f"{k} {statistics.median(x):.3g} ({min(x):.3g}-{max(x):.3g})" for k, x in v.items()]
    print(f"{arm}: n={len(v['ratio'])}, " + ", ".join(cells)
          + f"; ratio >= 0.8 in {sum(r >= 0.8 for r in v['ratio'])}, added p50 <= 50 ms in {sum(a <= 50 for a in v['added'])}")
