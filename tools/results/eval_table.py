#!/usr/bin/env python3
"""Turns `sightline eval --json` output (one or more JSONL files) into Markdown tables.

usage: eval_table.py [--sweep] NAME=FILE.jsonl [NAME=FILE.jsonl ...]
Prints, per split, a table of accuracy (%) per family for every (recipe, mode, K).
With --sweep: one row per (NAME, split) over all families -- text, then each K of latent mode, then each K of
mixed mode when present (the K sweep).
"""
import json
import sys
from collections import defaultdict

sweep = "--sweep" in sys.argv[1:]
rows = []
for arg in (a for a in sys.argv[1:] if a != "--sweep"):
    name, path = arg.split("=", 1)
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                r = json.loads(line)
                r["recipe"] = name
                rows.append(r)

if sweep:
    ks = sorted({r["latent_steps"] for r in rows if r["mode"] != "text"})
    modes = [m for m in ("latent", "mixed") if any(r["mode"] == m for r in rows)]
    heads = ["text"] + [f"{m} K={k}" for m in modes for k in ks]
    print("| model | split | " + " | ".join(heads) + " |")
    print("|---|---|" + "---|" * len(heads))
    keys = []
    for r in rows:
        if (r["recipe"], r["split"]) not in keys:
            keys.append((r["recipe"], r["split"]))
    for name, split in keys:
        def cell(mode, k):
            hit = [r for r in rows if (r["recipe"], r["split"], r["mode"], r["family"]) == (name, split, mode, "all")
                   and (mode == "text" or r["latent_steps"] == k)]
            return f"{100 * hit[0]['accuracy']:.1f}" if hit else "–"
        cells = [cell("text", 0)] + [cell(m, k) for m in modes for k in ks]
        print(f"| {name} | {split} | " + " | ".join(cells) + " |")
    sys.exit(0)

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
