#!/usr/bin/env python3
"""Turns `sightline eval --json` output (one or more JSONL files) into Markdown tables.

usage: eval_table.py NAME=FILE.jsonl [NAME=FILE.jsonl ...]
Prints, per split, a table of accuracy (%) per family for every (recipe, mode, K).
"""
import json
import sys
from collections import defaultdict

rows = []
for arg in sys.argv[1:]:
    name, path = arg.split("=", 1)
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                r = json.loads(line)
                r["recipe"] = name
                rows.append(r)

by_split = defaultdict(list)
for r in rows:
    by_split[r["split"]].append(r)

for split, rs in by_split.items():
    families = sorted({r["family"] for r in rs if r["family"] != "all"}) + ["all"]
    columns = []
    for r in rs:
        key = (r["recipe"], r["mode"], r["latent_steps"])
        if key not in columns:
            columns.append(key)
    n = max(r["n"] for r in rs if r["family"] == "all")
    print(f"\n**{split}** (first {n} samples; accuracy %, exact match)\n")
    print("| recipe | mode | K | " + " | ".join(families) + " |")
    print("|---|---|---|" + "---|" * len(families))
    for key in columns:
        cells = []
        for fam in families:
            hit = [r for r in rs if (r["recipe"], r["mode"], r["latent_steps"]) == key and r["family"] == fam]
            cells.append(f"{100 * hit[0]['accuracy']:.1f}" if hit else "")
        recipe, mode, k = key
        print(f"| {recipe} | {mode} | {k if mode != 'text' else '–'} | " + " | ".join(cells) + " |")
