#!/usr/bin/env bash
# Where the pipeline's CPU goes after the Redis and ImageIO changes (twenty-eighth session): bench27's ap27.sh (a fresh
# `serve`, WARMUPS x 256 warm-up tasks, async-profiler over one documented command with --reasoner) on /tmp/sl-r28b.
# ap28-groups.py summarizes the collapsed stacks (too large to keep) into ap28-groups.txt.
AP_JAR=/tmp/sl-r28b/sightline.jar COLLAPSED=/tmp/ap28.collapsed BENCH_JSON=/tmp/ap28-bench.json \
  exec "$(dirname "$0")/../bench27/ap27.sh"
