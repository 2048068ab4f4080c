#!/usr/bin/env bash
# ec16074 (/tmp/sl-new) against the session's final build (a1530d5, /tmp/sl-r28c), alternated twice; each arm a fresh
# serve, 10 warm-ups, the documented command with --reasoner three times, every run's whole JSON kept in ab28b.jsonl
# (twenty-eighth session). Beside the ratio: serve's CPU per task over the engine path's JVM CPU per task, a pipeline
# cost that the host's speed moves less.
cd "$(dirname "$0")/../bench25" && source lab.sh
OUT="$(dirname "$0")/../bench28/ab28b.jsonl"
OUT="$(cd "$(dirname "$OUT")" && pwd)/ab28b.jsonl"
for round in 1 2; do
  for a in "before /tmp/sl-new/sightline.jar" "after /tmp/sl-r28c/sightline.jar"; do
    set -- $a
    JAR=$2
    serve_from "$JAR"
    warm_up_with "$JAR" "$WARMUPS"
    for r in 1 2 3; do
      doc | tail -1 | sed "s/^/{\"arm\":\"$1-$round\",\"run\":$r,\"out\":/; s/\$/}/" | tee -a "$OUT" | python3 -c '
import json,sys
o=json.loads(sys.stdin.read()); b=o["out"]; e,p=b["engine"],b["platform"]
print(o["arm"], o["run"], "ratio", b["ratio"], "added_p50", b["added_p50_ms"], "serve/engine cpu per task",
      p.get("process_cpu_ms_per_task"), e.get("process_cpu_ms_per_task"),
      round(p.get("process_cpu_ms_per_task", 0) / max(e.get("process_cpu_ms_per_task", 1), 1e-9), 3), flush=True)'
    done
    stop_serve
  done
done
