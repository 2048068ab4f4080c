#!/usr/bin/env bash
# Does a dear serve's scheduler thread run with another floating-point control word (twenty-ninth session)? For N
# fresh serves: warm up 2 x 256 tasks, read every thread's MXCSR with gdb (flush-to-zero 0x8000, denormals-are-zero
# 0x40; the default is 0x1f80), then one `--repeat 2` documented command: its forward CPU over the engine path's.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../bench25/lab.sh"
JAR="${KIND_JAR:-/tmp/sl-r29/sightline.jar}"
mxcsr() {
  gdb -p "$1" -batch -ex 'handle SIGSEGV nostop noprint pass' -ex 'thread apply all p/x $mxcsr' 2>/dev/null |
    python3 -c '
import re,sys,collections
name=None; c=collections.Counter(); sched=None
for line in sys.stdin:
    m=re.match(r"Thread \d+ \(Thread 0x[0-9a-f]+ \(LWP \d+\) \"([^\"]*)\"\)", line)
    if m: name=m.group(1); continue
    m=re.match(r"\$\d+ = (0x[0-9a-f]+)", line.strip())
    if m and name is not None:
        c[m.group(1)]+=1
        if name.startswith("reasoner-schedu"): sched=m.group(1)
        name=None
print("mxcsr: scheduler", sched, "all threads", dict(c))'
}
for i in $(seq 1 "${SERVES:-4}"); do
  serve_from "$JAR"
  warm_up_with "$JAR" 2
  mxcsr "$PID"
  bench_with "$JAR" --tasks 96 --concurrency 16 --repeat 2 --reasoner "$REASONER" > "$HERE/mxcsr29-$i.json"
  forward_kind "serve $i" "$HERE/mxcsr29-$i.json"
  stop_serve
done
