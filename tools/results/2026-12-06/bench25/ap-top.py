#!/usr/bin/env python3
"""Top frames of the pipeline threads (not the reasoner, not the JIT) in a collapsed async-profiler file: self and inclusive, ms per task. usage: ap-top.py FILE TASKS"""
import sys, re, collections
f = sys.argv[1]; tasks = float(sys.argv[2]) if len(sys.argv)>2 else 496
selfc = collections.Counter(); incl = collections.Counter(); total=0; pipe=0
bythread=collections.Counter()
for line in open(f):
    stack, n = line.rsplit(' ',1); n=int(n)
    frames = stack.split(';')
    th = re.sub(r'\d+','N',frames[0])
    total+=n
    if 'reasoner-scheduler' in th or 'CompilerThre' in th: continue
    pipe+=n
    bythread[th]+=n
    selfc[frames[-1]]+=n
    seen=set()
    for fr in frames[1:]:
        if fr in seen: continue
        seen.add(fr); incl[fr]+=n
print("total %d pipeline %d (%.2f ms/task)"%(total,pipe,pipe/tasks))
print("--- self")
for k,v in selfc.most_common(40): print("%6d %5.2f %s"%(v,v/tasks,k[:150]))
print("--- inclusive (sightline/spring/kafka/lettuce/catalina)")
for k,v in incl.most_common(400):
    if re.search(r'sightline|springframework/(kafka|web|data)|lettuce|catalina|micrometer|jackson|postgresql|hikari', k):
        print("%6d %5.2f %s"%(v,v/tasks,k[:150]))
