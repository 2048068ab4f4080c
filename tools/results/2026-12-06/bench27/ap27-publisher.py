#!/usr/bin/env python3
"""CPU of one thread in a collapsed async-profiler file (threads mode), by frame: self and inclusive samples, and ms
per platform task. usage: ap27-publisher.py FILE TASKS [THREAD]   (THREAD default: reasoner-publisher)"""
import collections, sys
path, tasks = sys.argv[1], float(sys.argv[2])
thread = sys.argv[3] if len(sys.argv) > 3 else "reasoner-publisher"
own, incl, total = collections.Counter(), collections.Counter(), 0
for line in open(path):
    stack, n = line.rsplit(" ", 1)
    frames = stack.split(";")
    if thread not in frames[0]:
        continue
    n = int(n)
    total += n
    own[frames[-1]] += n
    for f in set(frames[1:]):
        incl[f] += n
print(f"{thread}: {total} samples of 1 ms, {total / tasks:.3f} ms per task ({tasks:.0f} platform tasks)")
print("--- self")
for f, n in own.most_common(25):
    print(f"{n:6d} {100 * n / total:5.1f}% {f[:140]}")
print("--- inclusive")
for f, n in incl.most_common(60):
    print(f"{n:6d} {100 * n / total:5.1f}% {f[:140]}")
