#!/usr/bin/env bash
# serve under G1 (the JVM's choice on this 2-vCPU, 24 GiB host) against the parallel collector, A/B/A/B: each a
# fresh serve, 10 × 256 warm-up tasks, then the documented command twice with --reasoner (twenty-sixth session).
# The ratio pairs each platform run with an engine-path run of the same minute, in the bench's own (G1) JVM.
source "$(dirname "$0")/../bench25/lab.sh"
doc() { bench_with "$JAR" --tasks 96 --concurrency 16 --repeat 5 --reasoner "$REASONER"; }
show() { python3 -c '
import json,sys
o=json.loads(sys.stdin.read().strip().splitlines()[-1]); e,p=o["engine"],o["platform"]
print(sys.argv[1], "ratio", o["ratio"], "added_p50", o["added_p50_ms"], "engine", e["tasks_per_s"], "platform", p["tasks_per_s"],
      "p50", p["p50_ms"], "decode wall/cpu", p.get("decode_ms_per_forward"), p.get("decode_cpu_ms_per_forward"),
      "(engine", e.get("decode_ms_per_forward"), e.get("decode_cpu_ms_per_forward"), ") rows", p.get("decode_rows_per_forward"),
      "serve cpu/task", p.get("process_cpu_ms_per_task"), "client cpu/task", p.get("client_cpu_ms_per_task"), flush=True)' "$1"; }
for round in 1 2; do
  for gc in G1 Parallel; do
    serve_from "$JAR" "-XX:+Use${gc}GC"
    warm_up_with "$JAR" 10 | tail -2
    for i in 1 2; do doc | show "$gc round $round run $i:"; done
    stop_serve
  done
done
