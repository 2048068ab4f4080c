#!/usr/bin/env bash
# Where warm serve's pipeline CPU goes, by method (twenty-fifth session): a fresh `serve`, WARMUPS x 256 warm-up
# tasks (the JIT settles after ~2 900, bench24/long24.sh), then async-profiler attached for one 480-task run, CPU
# samples with thread names, collapsed stacks to COLLAPSED (too large to keep in git; ap25-top.txt summarizes).
set -u
WARMUPS="${WARMUPS:-10}"
AP_LIB="${AP_LIB:-/tmp/ap/linux-x64/libasyncProfiler.so}"
COLLAPSED="${COLLAPSED:-/tmp/ap25.collapsed}"
OUTDIR="$(cd "$(dirname "$0")" && pwd)"
. "$(dirname "$0")/../../2026-12-05/bench23/serve.sh"
start_serve "${SERVE_OPTS:-}"
warm_up "$WARMUPS"
jcmd $PID JVMTI.agent_load "$AP_LIB" '"start,event=cpu,interval=1ms,threads"' || exit 1
bench --tasks 480 --concurrency 16 --repeat 1 --warm-up 16 | tee "$OUTDIR/ap25-bench.json"
jcmd $PID JVMTI.agent_load "$AP_LIB" "\"stop,file=$COLLAPSED,collapsed\""
stop_serve
