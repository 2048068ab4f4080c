#!/usr/bin/env bash
# Where the pipeline's CPU goes after the Redis and ImageIO changes (twenty-eighth session): a fresh `serve` from
# /tmp/sl-r28b, WARMUPS x 256 warm-up tasks, then async-profiler (CPU, 1 ms, per thread) over one documented command
# with --reasoner. ap28-groups.py summarizes the collapsed stacks (too large to keep) into ap28-groups.txt.
set -u
. "$(dirname "$0")/../bench25/lab.sh"
AP_LIB="${AP_LIB:-/tmp/ap/linux-x64/libasyncProfiler.so}"
COLLAPSED="${COLLAPSED:-/tmp/ap28.collapsed}"
JAR=/tmp/sl-r28b/sightline.jar
warm_serve
jcmd $PID JVMTI.agent_load "$AP_LIB" '"start,event=cpu,interval=1ms,threads"' || exit 1
doc | tee /tmp/ap28-bench.json | show "profiled"
jcmd $PID JVMTI.agent_load "$AP_LIB" "\"stop,file=$COLLAPSED,collapsed\""
stop_serve
