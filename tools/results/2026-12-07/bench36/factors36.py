#!/usr/bin/env python3
"""The ratio as a product of three factors, from lab.sh's `show` lines (thirty-sixth session): both paths run the
same decode forwards for the same tasks, so platform / engine throughput = (rows per forward-wall-ms, platform over
engine) x (the forward thread's share of time in forwards, platform over engine), and the first splits into
CPU per row (engine's over the platform's: fewer rows a forward share its fixed cost among fewer tasks) and
CPU / wall (the platform's forward waits for a core). The third is what is left: the scheduler thread idle or
between forwards. usage: factors36.py FILE..."""
import re, statistics, sys

LINE = re.compile(r"^(?P<arm>.+?) run \d+ ratio (?P<r>[\d.]+) .*decode wall/cpu (?P<pw>[\d.]+) (?P<pc>[\d.]+) "
                  r"\(engine (?P<ew>[\d.]+) (?P<ec>[\d.]+) \) rows (?P<rows>[\d.]+)")
arms = {}
for path in sys.argv[1:]:
    for line in open(path):
        m = LINE.match(line.strip())
        if not m:
            continue
        g = {k: float(v) for k, v in m.groupdict().items() if k != "arm"}
        cpu_per_row = (g["ec"] / 16) / (g["pc"] / g["rows"])
        core_wait = (g["ew"] / g["ec"]) / (g["pw"] / g["pc"])
        busy = g["r"] / (cpu_per_row * core_wait)
        arms.setdefault(m["arm"], []).append((g["r"], g["rows"], cpu_per_row, core_wait, busy, g["pw"] - g["pc"], g["ew"] - g["ec"]))
for arm, v in arms.items():
    med = [statistics.median(x[i] for x in v) for i in range(7)]
    print(f"{arm} (n={len(v)}): ratio {med[0]:.3f} = CPU per row {med[2]:.3f} (at {med[1]:.1f} rows) x forward CPU/wall "
          f"{med[3]:.3f} (wait for a core {med[5]:.2f} ms a forward, engine {med[6]:.2f}) x time in forwards {med[4]:.3f}")
