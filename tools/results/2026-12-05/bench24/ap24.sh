#!/usr/bin/env bash
# Where the warm platform's CPU goes per task (twenty-fourth session): a fresh `serve`, WARMUPS x 256 warm-up tasks,
# then async-profiler (AP_LIB, e.g. libasyncProfiler.so from Maven Central's tools.profiler:async-profiler
# linux-x64 jar) attached to serve for one documented-size run, wall-clock CPU samples with thread names; and every
# process's CPU over that run from /proc (serve-jvm; "java" is the bench client, both its paths; redis, postgres).
set -u
WARMUPS="${WARMUPS:-4}"
AP_LIB="${AP_LIB:-/tmp/ap/linux-x64/libasyncProfiler.so}"
OUTDIR="$(cd "$(dirname "$0")" && pwd)"
. "$(dirname "$0")/../bench23/serve.sh"
start_serve
warm_up "$WARMUPS"
# CPU seconds by command from /proc/*/stat (utime + stime), serve's JVM apart from other java processes.
cpu_by_command() {
  for f in /proc/[0-9]*/stat; do cat "$f" 2>/dev/null; echo; done \
    | sed -E 's/^([0-9]+) \((.*)\) /\1 \2 /' | awk -v s=$PID 'NF>15 {k=($1==s)?"serve-jvm":$2; c[k]+=($14+$15)/100}
      END {for (k in c) print k, c[k]}' | sort
}
cpu_by_command > /tmp/ap24-before.txt
jcmd $PID JVMTI.agent_load "$AP_LIB" '"start,event=cpu,interval=1ms,threads"' || exit 1
/usr/bin/time -f "bench client: %U s user, %S s sys" ./sightline bench platform --json --gateway http://localhost:8080 --api-key demo-key --tasks 480 --concurrency 16 --repeat 1 --warm-up 16 2>&1 | grep -v "^\[" | tee "$OUTDIR/ap24-bench.json"
jcmd $PID JVMTI.agent_load "$AP_LIB" "\"stop,file=$OUTDIR/ap24.collapsed,collapsed\""
cpu_by_command > /tmp/ap24-after.txt
join -a1 /tmp/ap24-before.txt /tmp/ap24-after.txt | awk 'NF==3 && $3-$2>0.05 {printf "%s %.2f s\n", $1, $3-$2}' | sort -k2 -rn \
  | tee "$OUTDIR/ap24-process-cpu.txt"
stop_serve
