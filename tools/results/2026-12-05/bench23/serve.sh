# Sourced by this folder's scripts: a fresh `serve` and its warm-up, the same for every probe (twenty-third session).
#   start_serve [JAVA_OPTS]  builds the jar if sources changed, starts `serve`, waits for its health; sets SERVE, PID
#   warm_up N                N x `bench platform --tasks 256 --concurrency 16 --repeat 1`, printing each ratio
#   compiler_cpu             CPU seconds of serve's C1/C2 threads alive now (a lower bound: see bench19/jit.sh)
#   stop_serve
cd "$(dirname "${BASH_SOURCE[0]}")/../../../.."
bench() { ./sightline bench platform --json --gateway http://localhost:8080 --api-key demo-key "$@" 2>/dev/null; }
start_serve() {
  ./sightline --help > /dev/null 2>&1
  SIGHTLINE_JAVA_OPTS="${1:-}" ./sightline serve --api-key demo-key > /tmp/serve23.log 2>&1 &
  SERVE=$!
  local i
  for i in $(seq 1 180); do curl -sf http://localhost:8080/actuator/health >/dev/null && break; sleep 2; done
  PID=$(pgrep -f 'sightline.jar serve' | head -1)
  echo "serve up after ~$((i*2)) s (java opts: '${1:-}')"
}
warm_up() {
  local w
  for w in $(seq 1 "$1"); do bench --tasks 256 --concurrency 16 --repeat 1 | grep -o '"ratio":[0-9.]*' | sed "s/^/warm-up $w: /"; done
}
compilers() { for t in /proc/$PID/task/*; do case "$(cat $t/comm 2>/dev/null)" in C1*|C2*) basename $t;; esac; done; }
compiler_cpu() { for t in $(compilers); do awk '{print $14+$15}' /proc/$PID/task/$t/stat 2>/dev/null; done | awk '{s+=$1} END {print s/100}'; }
stop_serve() { kill -TERM $SERVE; wait $SERVE; echo "serve exit $?"; }
