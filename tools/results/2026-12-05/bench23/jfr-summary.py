#!/usr/bin/env python3
"""Compile time by package and the largest compiles, per window of jfr23.out's runs:
jfr print --json --events jdk.Compilation serve23-dump.jfr > comp.json; jfr-summary.py comp.json"""
import collections, json, sys
events = json.load(open(sys.argv[1]))["recording"]["events"]
WINDOWS = [("warm-up runs 1-2", "19:33:02", "19:33:37"), ("warm-up runs 6-7", "19:34:15", "19:34:37")]
for name, start, end in WINDOWS:
    by_pkg, count, by_level, largest = collections.Counter(), collections.Counter(), collections.Counter(), []
    for e in events:
        v = e["values"]
        if not start <= v["startTime"][11:19] <= end:
            continue
        seconds = float(v["duration"].replace("PT", "").rstrip("S") or 0)
        cls, level = v["method"]["type"]["name"], v["compileLevel"]
        pkg = ".".join(cls.split(".")[:3])
        by_pkg[pkg] += seconds; count[pkg] += 1; by_level[level] += seconds
        largest.append((seconds, level, cls + "." + v["method"]["name"]))
    print(f"== {name}: {sum(by_level.values()):.2f} s compiling, by tier", {k: round(s, 2) for k, s in by_level.items()})
    for pkg, s in by_pkg.most_common(12):
        print(f"  {s:6.2f} s {count[pkg]:5d} {pkg}")
    for s, level, m in sorted(largest, reverse=True)[:8]:
        print(f"    {s:.3f} s tier {level} {m}")
