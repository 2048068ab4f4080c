#!/usr/bin/env python3
"""Paired flips between K = 1 and K = 4 / 16, and how far each K is from the text mode, from the misses a scoring
run writes (score_latent: text, then latent K = 1, 4, 9, 16; the sample ids restart at each block):
flips38.py RUN-SPLIT.err.gz..."""
import gzip,re,sys
# blocks of misses in eval order: text, latent K=1,4,9,16 (ids restart at each block)
def blocks(path):
    out=[];cur=None;last=None
    for l in gzip.open(path,'rt'):
        m=re.match(r'miss (\S+-(\d+)):',l)
        if not m: continue
        i=int(m.group(2))
        if last is None or i<=last: cur=set();out.append(cur)
        cur.add(i);last=i
    return out
for p in sys.argv[1:]:
    b=blocks(p); names=['text','K1','K4','K9','K16']
    print(p, [len(x) for x in b])
    if len(b)==5:
        a,z=b[1],b[4]
        print('  K1 wrong->K16 right',len(a-z),' K1 right->K16 wrong',len(z-a))
        a,z=b[1],b[2]
        print('  K1 wrong->K4 right',len(a-z),' K1 right->K4 wrong',len(z-a))
print('text vs K16 / K9 differences:')
for p in sys.argv[1:]:
    b=blocks(p)
    print(p.split('/')[-1], 'text^K16', len(b[0]^b[4]), 'text^K9', len(b[0]^b[3]), 'text^K4', len(b[0]^b[2]))
