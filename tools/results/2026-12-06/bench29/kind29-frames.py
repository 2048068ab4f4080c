#!/usr/bin/env python3
"""Compares the reasoner's scheduler thread across serves (twenty-ninth session): for each collapsed file, its samples
(1 ms of CPU each) per platform task, split by where the leaf frame is (kernel, libtorch/BLAS native, JVM native,
Java), then the leaf frames whose per-task cost differs most between the cheapest and the dearest serve given.
usage: kind29-frames.py TASKS COLLAPSED...  (TASKS: platform tasks in each profiled run)"""
import collections, re, sys

tasks, paths = int(sys.argv[1]), sys.argv[2:]
THREAD = "[reasoner-scheduler"


def kind(leaf):
    if leaf.endswith("_[k]"):
        return "kernel"
    if leaf.endswith("_[j]") or leaf.endswith("_[i]") or "/" in leaf or "." in leaf.split("(")[0] and leaf[0].islower():
        return "java"
    if leaf.startswith(("at::", "c10::", "torch::", "mkl", "dnnl", "sgemm", "_ZN", "void at::", "void c10::")) or "at::" in leaf:
        return "libtorch"
    return "native other"


runs = []
for p in paths:
    leaves, kinds, frames_incl = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for line in open(p):
        stack, n = line.rstrip("\n").rsplit(" ", 1)
        if not stack.startswith(THREAD):
            continue
        n = int(n)
        frames = stack.split(";")
        total += n
        leaves[frames[-1]] += n
        kinds[kind(frames[-1])] += n
        for f in set(frames[1:]):
            if "Ops." in f or "LanguageModel" in f or "BatchForwards" in f or "ai/djl" in f:
                frames_incl[f] += n
    runs.append((p, total, kinds, leaves, frames_incl))
    print(f"{p}: scheduler {total / tasks:.2f} ms/task; " +
          ", ".join(f"{k} {v / tasks:.2f}" for k, v in kinds.most_common()))
cheap = min(runs, key=lambda r: r[1])
dear = max(runs, key=lambda r: r[1])
print(f"\nleaf frames, ms/task: cheapest {cheap[0]} vs dearest {dear[0]}")
diff = {f: dear[3][f] - cheap[3][f] for f in set(cheap[3]) | set(dear[3])}
for f, d in sorted(diff.items(), key=lambda kv: -abs(kv[1]))[:30]:
    print(f"  {cheap[3][f] / tasks:6.3f} {dear[3][f] / tasks:6.3f}  {d / tasks:+6.3f}  {f[:150]}")
print(f"\ninclusive engine/DJL frames, ms/task: cheapest vs dearest")
diff = {f: dear[4][f] - cheap[4][f] for f in set(cheap[4]) | set(dear[4])}
for f, d in sorted(diff.items(), key=lambda kv: -abs(kv[1]))[:25]:
    print(f"  {cheap[4][f] / tasks:6.3f} {dear[4][f] / tasks:6.3f}  {d / tasks:+6.3f}  {f[:150]}")
