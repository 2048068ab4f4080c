#!/usr/bin/env bash
# Is the platform's forward cost a property of the serve instance? (twenty-eighth session) Five fresh serves of the
# session's final build (/tmp/sl-r28c) one after another, each warmed with 4 x 256 tasks, then the documented command
# with --reasoner twice; one line per run with both paths' decode forward CPU (inst28.out, whole JSON in inst28.jsonl).
cd "$(dirname "$0")/../bench25" && source lab.sh
OUT="$(cd "$(dirname "$0")/../bench28" && pwd)/inst28.jsonl"
JAR=/tmp/sl-r28c/sightline.jar
for i in 1 2 3 4 5; do
  serve_from "$JAR"
  warm_up_with "$JAR" 4
  for r in 1 2; do
    doc | tail -1 | sed "s/^/{\"serve\":$i,\"run\":$r,\"out\":/; s/\$/}/" | tee -a "$OUT" | python3 -c '
import json,sys
o=json.loads(sys.stdin.read()); b=o["out"]; e,p=b["engine"],b["platform"]
print("serve", o["serve"], "run", o["run"], "ratio", b["ratio"], "decode cpu platform", p.get("decode_cpu_ms_per_forward"),
      "engine", e.get("decode_cpu_ms_per_forward"), "ratio of the two",
      round(p.get("decode_cpu_ms_per_forward", 0) / e.get("decode_cpu_ms_per_forward", 1), 2),
      "serve cpu/task", p.get("process_cpu_ms_per_task"), flush=True)'
  done
  stop_serve
done
