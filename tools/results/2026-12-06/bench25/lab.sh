# Sourced: a warm `serve` from a copy of the jar, so the tree can be rebuilt while it runs, and bench runs from any
# jar (twenty-fifth session). serve_from JAR [JAVA_OPTS]; bench_with JAR ARGS...; warm_up_with JAR N; warm_serve
# (serve_from $JAR, then $WARMUPS warm-up runs); stop_serve; doc [ARGS] | show LABEL (twenty-sixth session); arm.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
JFLAGS=(${LAB_JAVA_OPTS:-} -Dai.djl.offline=true -Dsightline.home="$ROOT" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
export OMP_WAIT_POLICY=PASSIVE
# as the launcher since the twenty-ninth session (bench29/README.md); ATEN_CPU_CAPABILITY=avx512 as in the runs before it
export ATEN_CPU_CAPABILITY="${ATEN_CPU_CAPABILITY:-avx2}"
serve_from() {
  rm -rf /tmp/sl-serve && cp -r "$(dirname "$1")" /tmp/sl-serve
  java ${2:-} "${JFLAGS[@]}" -jar /tmp/sl-serve/sightline.jar serve --api-key demo-key > /tmp/serve25.log 2>&1 &
  SERVE=$!
  local i
  for i in $(seq 1 180); do curl -sf http://localhost:8080/actuator/health >/dev/null && break; sleep 2; done
  PID=$SERVE
  REASONER=$(grep -o 'reasoner *http://[^ ]*' /tmp/serve25.log | head -1 | awk '{print $2}')
  echo "serve up after ~$((i*2)) s (jar $1, opts '${2:-}', reasoner $REASONER)"
}
bench_with() {
  local jar=$1; shift
  java "${JFLAGS[@]}" -jar "$jar" bench platform --json --gateway http://localhost:8080 --api-key demo-key "$@" 2>/dev/null
}
warm_up_with() {
  local w
  for w in $(seq 1 "$2"); do bench_with "$1" --tasks 256 --concurrency 16 --repeat 1 | grep -o '"ratio":[0-9.]*' | sed "s/^/warm-up $w: /"; done
}
JAR="${JAR:-/tmp/sl-new/sightline.jar}"
WARMUPS="${WARMUPS:-10}"
warm_serve() { serve_from "$JAR"; warm_up_with "$JAR" "$WARMUPS"; }
stop_serve() { kill -TERM $SERVE; wait $SERVE; echo "serve exit $?"; }
# The documented command with --reasoner (extra bench options appended), and one line of its figures: show LABEL
doc() { bench_with "$JAR" --tasks 96 --concurrency 16 --repeat 5 --reasoner "$REASONER" "$@"; }
show() { python3 -c '
import json,sys
o=json.loads(sys.stdin.read().strip().splitlines()[-1]); e,p=o["engine"],o["platform"]
print(sys.argv[1], "ratio", o["ratio"], "added_p50", o["added_p50_ms"], "engine", e["tasks_per_s"], "platform", p["tasks_per_s"],
      "p50", p["p50_ms"], "decode wall/cpu", p.get("decode_ms_per_forward"), p.get("decode_cpu_ms_per_forward"),
      "(engine", e.get("decode_ms_per_forward"), e.get("decode_cpu_ms_per_forward"), ") rows", p.get("decode_rows_per_forward"),
      "serve cpu/task", p.get("process_cpu_ms_per_task"), "client cpu/task", p.get("client_cpu_ms_per_task"), flush=True)' "$1"; }
# One arm of an A/B (twenty-seventh session): a fresh serve from JAR with JAVA_OPTS, $WARMUPS warm-up runs, then the
# documented command RUNS times, each shown as "LABEL run N", and the serve stopped: arm LABEL JAR "JAVA_OPTS" RUNS
# [AFTER]; AFTER (thirty-seventh session), a command, runs with LABEL once the warm-ups are done (a check or a setting)
arm() {
  JAR=$2
  serve_from "$JAR" "$3"
  warm_up_with "$JAR" "$WARMUPS"
  [ -z "${5:-}" ] || "$5" "$1"
  local r
  for r in $(seq 1 "$4"); do doc | show "$1 run $r"; done
  stop_serve
}
# CPU seconds (utime+stime) of every thread of process $1, one "tid name cpu" line each
threads_cpu() { for t in /proc/$1/task/*; do printf '%s %s %s\n' "$(basename $t)" "$(tr ' ' _ < $t/comm)" "$(awk '{print ($14+$15)/100}' $t/stat)"; done 2>/dev/null; }
# Twenty-ninth session. profiled_doc JSON COLLAPSED: async-profiler (CPU, 1 ms, per thread; $AP_LIB) on the warm serve
# over one `--repeat 2` documented command with --reasoner (256 platform tasks: 64 warm-up + 2 x 96)
AP_LIB="${AP_LIB:-/tmp/ap/linux-x64/libasyncProfiler.so}"
profiled_doc() {
  jcmd $PID JVMTI.agent_load "$AP_LIB" '"start,event=cpu,interval=1ms,threads"' > /dev/null || return 1
  bench_with "$JAR" --tasks 96 --concurrency 16 --repeat 2 --reasoner "$REASONER" > "$1"
  jcmd $PID JVMTI.agent_load "$AP_LIB" "\"stop,file=$2,collapsed\"" > /dev/null
}
# forward_kind LABEL JSON: the ratio and the platform's decode forward CPU over the engine path's, one line
forward_kind() { python3 -c '
import json,sys
o=json.loads(open(sys.argv[2]).read().strip().splitlines()[-1]); e,p=o["engine"],o["platform"]
print(sys.argv[1], "ratio", o["ratio"], "forward cpu", p["decode_cpu_ms_per_forward"], "engine", e["decode_cpu_ms_per_forward"],
      "over engine", round(p["decode_cpu_ms_per_forward"] / e["decode_cpu_ms_per_forward"], 2), flush=True)' "$1" "$2"; }
# record_serve ARM N FILE [SERVE_JAR]: a fresh serve from SERVE_JAR ($JAR unless given), 3 warm-ups, the documented
# command once (the bench from $JAR), the serve stopped; the bench's JSON appended to FILE as {"arm", "serve",
# "bench"} and shown
record_serve() {
  serve_from "${4:-$JAR}"
  warm_up_with "$JAR" 3
  local out
  out=$(doc | tail -1)
  stop_serve
  printf '{"arm":"%s","serve":%d,"bench":%s}\n' "$1" "$2" "$out" >> "$3"
  echo "$out" | show "$1 serve $2"
}
# Thirtieth session. scheduler_nice N: the serve's `reasoner-scheduler` thread at nice N (every other thread as it is)
scheduler_nice() {
  local t
  for t in /proc/$PID/task/*; do
    case "$(cat $t/comm)" in reasoner-schedu*) renice -n "$1" -p "${t##*/}" > /dev/null ;; esac
  done
}
# nice_run NICE KEY N FILE: the documented command once at --repeat 1 with the scheduler thread at NICE; its JSON
# appended to FILE as {"nice", KEY: N, "bench"} and shown
nice_run() {
  scheduler_nice "$1"
  local out
  out=$(bench_with "$JAR" --tasks 96 --concurrency 16 --repeat 1 --reasoner "$REASONER" | tail -1)
  printf '{"nice":%d,"%s":%d,"bench":%s}\n' "$1" "$2" "$3" "$out" >> "$4"
  echo "$out" | show "nice $1 $2 $3"
}
