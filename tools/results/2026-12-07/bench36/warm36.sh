#!/usr/bin/env bash
# Does a longer warm-up raise the ratio on this session's build (thirty-sixth session)? One fresh serve from
# $WARM_JAR (/tmp/sl-36b), then three rounds of 10 warm-ups (256 tasks each) each followed by the documented command
# with --reasoner three times: the readings after 10, 20 and 30 warm-ups, with serve's JIT per task beside them.
set -u
. "${LAB:-$(dirname "$0")/../../2026-12-06/bench25/lab.sh}"
JAR="${WARM_JAR:-/tmp/sl-36b/sightline.jar}"
serve_from "$JAR"
for round in 1 2 3; do
  warm_up_with "$JAR" 10
  for r in 1 2 3; do
    out=$(doc | tail -1)
    echo "$out" | show "after $((round * 10)) warm-ups, run $r"
    echo "$out" | python3 -c 'import json,sys; p=json.loads(sys.stdin.read())["platform"]; print("  serve jit per task", p.get("process_jit_ms_per_task"))'
  done
done
stop_serve
