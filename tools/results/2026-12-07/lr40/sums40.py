#!/usr/bin/env python3
"""Relative-distance chains whose sums of squares are wrong, per block of a scoring run's misses (text, latent
K = 1, 4, 9, 16; ids restart at each block): the chain writes "X columns and Y rows from ..." twice, then "That
makes A and B", where A and B should be X*X + Y*Y of each. Counts the misses whose chain has both offsets and a
"That makes" line, and how many of those have a wrong sum: sums40.py RUN-SPLIT.err.gz..."""
import gzip, re, sys
names = ['text', 'K1', 'K4', 'K9', 'K16']
for p in sys.argv[1:]:
    lines = gzip.open(p, 'rt').read().split('\n')
    blocks, cur, last = [], None, None
    for i, l in enumerate(lines):
        m = re.match(r'miss (\S+-(\d+)):', l)
        if not m:
            continue
        n = int(m.group(2))
        if last is None or n <= last:
            cur = []
            blocks.append(cur)
        cur.append(i)
        last = n
    out = []
    for name, b in zip(names, blocks):
        chains = wrong = 0
        for i in b:
            w = lines[i + 1]
            offs = re.findall(r'(-?\d+) columns and (-?\d+) rows from', w)
            s = re.search(r'That makes (-?\d+) and (-?\d+)', w)
            if len(offs) < 2 or not s:
                continue
            chains += 1
            want = [int(x) ** 2 + int(y) ** 2 for x, y in offs[:2]]
            if [int(s.group(1)), int(s.group(2))] != want:
                wrong += 1
        out.append(f'{name} {wrong}/{chains}')
    print(p.split('/')[-1], '  '.join(out))
