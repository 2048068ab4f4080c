#!/usr/bin/env python3
"""Overall accuracy per mode and K of each run's test/hard scores here: summary.py RUN..."""
import json, os, sys
here = os.environ.get("SCORES") or os.path.dirname(os.path.abspath(__file__))
for run in sys.argv[1:]:
    cells = {}
    for split in ("test", "hard"):
        path = os.path.join(here, f"{run}-{split}.jsonl")
        if not os.path.exists(path):
            continue
        for line in open(path):
            r = json.loads(line)
            if r["family"] == "all":
                cells.setdefault((r["mode"], r["latent_steps"]), {})[split] = 100 * r["accuracy"]
    print(run, "  ".join(f"{m}/K{k}: {v.get('test', float('nan')):.1f}/{v.get('hard', float('nan')):.1f}"
                         for (m, k), v in sorted(cells.items())))
