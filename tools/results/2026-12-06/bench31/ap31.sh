#!/usr/bin/env bash
# Where a platform task's CPU goes on the thirtieth session's final build (8c97401, /tmp/sl-h31): bench27's ap27.sh
# (a fresh `serve`, WARMUPS x 256 warm-up tasks, async-profiler over one documented command with --reasoner).
# ../bench28/ap28-groups.py summarizes the collapsed stacks into ap31-groups.txt.
AP_JAR="${AP_JAR:-/tmp/sl-h31/sightline.jar}" COLLAPSED="${COLLAPSED:-/tmp/ap31.collapsed}" \
  BENCH_JSON="${BENCH_JSON:-/tmp/ap31-bench.json}" WARMUPS="${WARMUPS:-10}" exec "$(dirname "$0")/../bench27/ap27.sh"
