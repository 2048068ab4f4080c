#!/usr/bin/env bash
# What differs between a cheap and a dear serve (twenty-eighth session): four fresh serves of the final build, each
# warmed with 3 x 256 tasks, then one `--repeat 2` documented command under ../bench25/cpusplit.py (serve's and the
# client's CPU by thread group over the platform phases) -> kind28-N.out
cd "$(dirname "$0")/../bench25" && source lab.sh
HERE="$(cd "$(dirname "$0")/../bench28" && pwd)"
JAR=/tmp/sl-r28c/sightline.jar
for i in 1 2 3 4; do
  serve_from "$JAR"
  warm_up_with "$JAR" 3
  python3 cpusplit.py "$PID" "$JAR" --tasks 96 --concurrency 16 --repeat 2 --reasoner "$REASONER" > "$HERE/kind28-$i.out"
  head -1 "$HERE/kind28-$i.out" | python3 -c '
import json,sys
o=json.loads(sys.stdin.read()); e,p=o["engine"],o["platform"]
print("serve", sys.argv[1], "ratio", o["ratio"], "forward cpu over engine", round(p["decode_cpu_ms_per_forward"] / e["decode_cpu_ms_per_forward"], 2), flush=True)' "$i"
  stop_serve
done
