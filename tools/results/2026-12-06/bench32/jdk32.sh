#!/usr/bin/env bash
# serve's Java runtime (thirty-second session): fresh serves of /tmp/sl-32 (HEAD d07dd63) on the default JDK 17 and on
# Temurin 25 (PATH=$J25:$PATH for serve only; extra serve options for the 25 arm in J25_OPTS), alternated j17 j25 j25
# j17 ..., each warmed by 8 runs, then the documented command with --reasoner at --repeat 3 RUNS times (default 3).
# The bench itself always runs on JDK 17, so the engine path and the client are the same in every arm. Every run's
# JSON goes to ${LABEL:-jdk32}.jsonl as {"arm", "pair", "run", "bench"}.
set -u
. "$(dirname "$0")/../bench25/lab.sh"
JAR=/tmp/sl-32/sightline.jar
J25=${J25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin}
OUT="$(dirname "$0")/${LABEL:-jdk32}.jsonl"
one_arm() { # one_arm LABEL PAIR
  if [[ $1 == j25* ]]; then PATH=$J25:$PATH serve_from "$JAR" "${J25_OPTS:-}"; else serve_from "$JAR"; fi
  echo "serve runs $(readlink /proc/$PID/exe)"
  warm_up_with "$JAR" 8 > /dev/null
  local r out
  for r in $(seq 1 "${RUNS:-3}"); do
    out=$(bench_with "$JAR" --tasks 96 --concurrency 16 --repeat 3 --reasoner "$REASONER" | tail -1)
    printf '{"arm":"%s","pair":%d,"run":%d,"bench":%s}\n' "$1" "$2" "$r" "$out" >> "$OUT"
    echo "$out" | show "$1 pair $2 run $r"
  done
  stop_serve
}
for pair in $(seq 1 "${PAIRS:-2}"); do
  if (( pair % 2 )); then order="j17 j25"; else order="j25 j17"; fi
  for arm in $order; do one_arm "$arm" "$pair"; done
done
