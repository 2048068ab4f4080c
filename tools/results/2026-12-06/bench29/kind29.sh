#!/usr/bin/env bash
# What a dear serve's forward spends its extra CPU on (twenty-ninth session): N fresh serves of the same build, each
# warmed with 3 x 256 tasks, then async-profiler (CPU, 1 ms, per thread) over one `--repeat 2` documented command with
# --reasoner -> kind29-N.json (bench) and /tmp/kind29-N.collapsed (stacks; too large to keep), summarized by
# kind29-frames.py into kind29-frames.txt.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../bench25/lab.sh"
AP_LIB="${AP_LIB:-/tmp/ap/linux-x64/libasyncProfiler.so}"
JAR="${KIND_JAR:-/tmp/sl-r29/sightline.jar}"
for i in $(seq 1 "${SERVES:-5}"); do
  serve_from "$JAR"
  warm_up_with "$JAR" 3
  jcmd $PID JVMTI.agent_load "$AP_LIB" '"start,event=cpu,interval=1ms,threads"' > /dev/null || exit 1
  bench_with "$JAR" --tasks 96 --concurrency 16 --repeat 2 --reasoner "$REASONER" > "$HERE/kind29-$i.json"
  jcmd $PID JVMTI.agent_load "$AP_LIB" "\"stop,file=/tmp/kind29-$i.collapsed,collapsed\"" > /dev/null
  python3 -c '
import json,sys
o=json.loads(open(sys.argv[2]).read().strip().splitlines()[-1]); e,p=o["engine"],o["platform"]
print("serve", sys.argv[1], "ratio", o["ratio"], "forward cpu over engine",
      round(p["decode_cpu_ms_per_forward"] / e["decode_cpu_ms_per_forward"], 2), "platform", p["decode_cpu_ms_per_forward"],
      "engine", e["decode_cpu_ms_per_forward"], "rows", p.get("decode_rows_per_forward"), e.get("decode_rows_per_forward"), flush=True)' "$i" "$HERE/kind29-$i.json"
  stop_serve
done
