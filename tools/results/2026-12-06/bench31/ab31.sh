#!/usr/bin/env bash
# Fewer broker requests per task (thirty-first session): the build before (8c97401, /tmp/sl-h31) against the one with
# the trace store's batched, lazily fetched tasks and results and offsets committed at most once a second (/tmp/sl-c31),
# alternated PAIRS times (default 2); each arm a fresh serve, 8 warm-ups, then the documented command with --reasoner
# at --repeat 3 (the bench from the arm's own jar). Every run's JSON goes to ab31.jsonl as {"arm", "serve", "bench"}.
set -u
. "$(dirname "$0")/../bench25/lab.sh"
OUT="$(dirname "$0")/ab31.jsonl"
for pair in $(seq 1 "${PAIRS:-2}"); do
  for arm in before:/tmp/sl-h31/sightline.jar after:/tmp/sl-c31/sightline.jar; do
    label=${arm%%:*}; JAR=${arm#*:}
    serve_from "$JAR"
    warm_up_with "$JAR" 8 > /dev/null
    out=$(bench_with "$JAR" --tasks 96 --concurrency 16 --repeat 3 --reasoner "$REASONER" | tail -1)
    stop_serve
    printf '{"arm":"%s","serve":%d,"bench":%s}\n' "$label" "$pair" "$out" >> "$OUT"
    echo "$out" | show "$label serve $pair"
  done
done
python3 - "$OUT" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line); e, p = r["bench"]["engine"], r["bench"]["platform"]
    print(f'{r["arm"]:6s} {r["serve"]}  ratio {r["bench"]["ratio"]:.3f}  serve cpu/task {p["process_cpu_ms_per_task"]:5.1f}  '
          f'engine cpu/task {e["process_cpu_ms_per_task"]:5.1f}  serve/engine {p["process_cpu_ms_per_task"] / e["process_cpu_ms_per_task"]:.2f}  '
          f'client {p["client_cpu_ms_per_task"]:.1f}  rows {p["decode_rows_per_forward"]:.2f}  added p50 {r["bench"]["added_p50_ms"]}')
PY
