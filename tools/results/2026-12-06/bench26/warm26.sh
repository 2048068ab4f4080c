#!/usr/bin/env bash
# The bench client's warm-up (64 tasks per path, the default, against 320) and serve's uptime (10 against 30 ×
# 256 warm-up tasks), alternated on one serve: the documented command with --reasoner (twenty-sixth session).
source "$(dirname "$0")/../bench25/lab.sh"
warm_serve
doc() { bench_with "$JAR" --tasks 96 --concurrency 16 --repeat 5 --reasoner "$REASONER" "$@"; }
show() { python3 -c '
import json,sys
o=json.loads(sys.stdin.read().strip().splitlines()[-1]); e,p=o["engine"],o["platform"]
print(sys.argv[1], "ratio", o["ratio"], "added_p50", o["added_p50_ms"], "engine", e["tasks_per_s"], "platform", p["tasks_per_s"],
      "decode wall/cpu", p.get("decode_ms_per_forward"), p.get("decode_cpu_ms_per_forward"), "rows", p.get("decode_rows_per_forward"),
      "serve cpu/task", p.get("process_cpu_ms_per_task"), "client cpu/task", p.get("client_cpu_ms_per_task"))' "$1"; }
jitc() { jstat -compiler $PID | tail -1 | awk '{print "serve compiles", $1, "time", $4}'; }
for i in 1 2 3; do
  jitc; doc | show "uptime-10 warm-up-64 ";
  jitc; doc --warm-up 320 | show "uptime-10 warm-up-320";
done
warm_up_with "$JAR" 20
for i in 1 2; do
  jitc; doc | show "uptime-30 warm-up-64 ";
  jitc; doc --warm-up 320 | show "uptime-30 warm-up-320";
done
jitc
stop_serve
