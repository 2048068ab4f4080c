#!/usr/bin/env bash
# Where the reasoner's step publishing goes (twenty-seventh session): a fresh `serve` from /tmp/sl-outbox (the Outbox
# build), WARMUPS x 256 warm-up tasks, then async-profiler (CPU, 1 ms, per thread) over one documented command with
# --reasoner; the collected stacks of the `reasoner-publisher` thread are summarized by ap27-publisher.py into
# ap27-publisher.txt (the collapsed file itself is too large to keep).
set -u
. "$(dirname "$0")/../bench25/lab.sh"
AP_LIB="${AP_LIB:-/tmp/ap/linux-x64/libasyncProfiler.so}"
COLLAPSED="${COLLAPSED:-/tmp/ap27.collapsed}"
BENCH_JSON="${BENCH_JSON:-/tmp/ap27-bench.json}"
JAR="${AP_JAR:-/tmp/sl-outbox/sightline.jar}"
warm_serve
jcmd $PID JVMTI.agent_load "$AP_LIB" '"start,event=cpu,interval=1ms,threads"' || exit 1
doc | tee "$BENCH_JSON" | show "profiled"
jcmd $PID JVMTI.agent_load "$AP_LIB" "\"stop,file=$COLLAPSED,collapsed\""
stop_serve
