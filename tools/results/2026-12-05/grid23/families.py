#!/usr/bin/env python3
"""Per-family accuracy of each run's scores here, one markdown row per run, mode and K:
families.py [--split test|hard] RUN[:mode[:K]]...  (default: every mode and K the run was scored with; RUN:text is
text mode, RUN:latent every K of latent mode)"""
import glob, json, os, sys
results = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
here = os.environ.get("SCORES") or os.path.dirname(os.path.abspath(__file__))
args = sys.argv[1:]
split = "hard"
if args[:1] == ["--split"]:
    split, args = args[1], args[2:]
FAMILIES = ["absolute_distance", "object_count", "object_size", "relative_direction", "relative_distance", "all"]
for spec in args:
    run, *want = spec.split(":")
    # $SCORES (default: beside this script), else the first session folder under tools/results, in name order, that has it
    path = next(p for p in [os.path.join(here, f"{run}-{split}.jsonl")]
                + sorted(glob.glob(os.path.join(results, "*", "*", f"{run}-{split}.jsonl"))) if os.path.exists(p))
    rows = {}
    for line in open(path):
        r = json.loads(line)
        rows.setdefault((r["mode"], r["latent_steps"]), {})[r["family"]] = 100 * r["accuracy"]
    for (mode, k), fam in sorted(rows.items()):
        if (mode, str(k))[: len(want)] != tuple(want):
            continue
        label = mode if mode == "text" else f"{mode}, K = {k}"
        print(f"| {run} | {label} | " + " | ".join(f"{fam.get(f, float('nan')):.1f}" for f in FAMILIES) + " |")
