#!/usr/bin/env python3
"""Summarizes an async-profiler collapsed profile of `serve` (ap24.sh): CPU samples by thread group, the
reasoner's forward thread by the deepest Sightline frame, kernel time by thread, and the rest by library.
Usage: ap-summary.py ap24.collapsed [TASKS]  (TASKS: platform tasks in the profiled window, for ms per task)."""
import collections
import re
import sys

path = sys.argv[1]
tasks = int(sys.argv[2]) if len(sys.argv) > 2 else 0
rows = []
for line in open(path):
    stack, n = line.rsplit(' ', 1)
    frames = stack.split(';')
    rows.append((re.sub(r'\d+', 'N', re.sub(r' ?tid=\d+', '', frames[0])), frames, int(n)))
total = sum(n for _, _, n in rows)


def show(title, counter, base, k=15):
    print(f'\n{title}')
    for key, n in counter.most_common(k):
        per = f'  {n / tasks:6.2f} ms/task' if tasks else ''
        print(f'{n:7d} {100 * n / base:5.1f}%{per}  {key}')


# sampled at 1 ms, so a sample is a millisecond of CPU
print(f'{total} samples ({total / 1000:.1f} s of CPU)' + (f', {total / tasks:.2f} ms per task' if tasks else ''))
show('by thread', collections.Counter({t: 0 for t, _, _ in rows}) + collections.Counter(
    {t: sum(n for u, _, n in rows if u == t) for t in {t for t, _, _ in rows}}), total, 25)
fwd = collections.Counter()
for t, fr, n in rows:
    if 'reasoner-scheduler' in t:
        sl = [f for f in fr if 'sightline' in f]
        fwd[sl[-1] if sl else '-'] += n
show('reasoner-scheduler, deepest Sightline frame', fwd, total)
kern = collections.Counter()
for t, fr, n in rows:
    if fr[-1].endswith('_[k]'):
        kern[t] += n
show('kernel samples by thread', kern, total, 10)
libs = collections.Counter()
for t, fr, n in rows:
    if 'Compiler' in t or 'reasoner-scheduler' in t:
        continue
    s = ';'.join(fr)
    for lib in ['org/springframework/kafka', 'org/apache/kafka/clients', 'kafka/server', 'org/apache/catalina',
                'org/springframework/web', 'io/lettuce', 'io/micrometer/observation', 'io/micrometer/tracing',
                'tools/jackson', 'org/postgresql', 'io/micrometer/core', 'ch/qos/logback']:
        if lib in s:
            libs[lib] += n
show('the rest (not the JIT, not the reasoner) by library on the stack (a sample can count twice)', libs, total)
