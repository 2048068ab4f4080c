#!/usr/bin/env bash
# Smoke run of the five service images on one host, no registry and no compose needed:
#   1. loads every service's target/jib-image.tar into podman or docker (ENGINE=...),
#   2. starts Kafka, Redis and PostgreSQL with `./sightline serve --infra-only`,
#   3. runs the five containers on the host network, the model bundle mounted read-only, each under a
#      memory limit, and waits for their readiness probes,
#   4. checks that every container runs as a non-root user and sized its heap from the limit,
#   5. asks one question through the containerised gateway and follows it to its result and stored trace,
#   6. stops everything (also on failure).
# Build the images first:  ./mvnw -Pimages -DskipTests package   (add -Dimage.base=tar:///path/base.tar when
# the default base image cannot be pulled). Environment: ENGINE, GATEWAY_PORT (default 9080), MEMORY (1g),
# MODEL_DIR (models), KEEP=1 leaves everything running.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
ENGINE=${ENGINE:-$(command -v podman || command -v docker || true)}
[[ -n $ENGINE ]] || { echo "smoke: neither podman nor docker found (set ENGINE)" >&2; exit 2; }
GATEWAY_PORT=${GATEWAY_PORT:-9080}
MEMORY=${MEMORY:-1g}
MODEL_DIR=$(cd "${MODEL_DIR:-models}" && pwd)
API_KEY=smoke-key
work=$(mktemp -d)
services=(trace-store diffusion-decoder-service vision-encoder-service reasoner-service gateway-service)
declare -A port=([trace-store]=8085 [diffusion-decoder-service]=8084 [vision-encoder-service]=8082
  [reasoner-service]=8083 [gateway-service]=$GATEWAY_PORT)
infra_pid=

log() { printf '%s smoke: %s\n' "$(date +%T)" "$*" >&2; }
cleanup() {
  local rc=$?
  if [[ ${KEEP:-0} == 1 ]]; then log "KEEP=1: containers and infrastructure left running"; exit $rc; fi
  for s in "${services[@]}"; do "$ENGINE" rm -f "sl-$s" >/dev/null 2>&1 || true; done
  [[ -n $infra_pid ]] && kill "$infra_pid" 2>/dev/null && wait "$infra_pid" 2>/dev/null || true
  if [[ $rc != 0 ]]; then log "FAILED (exit $rc); infrastructure log: $work/infra.log"; else rm -rf "$work"; fi
  exit $rc
}
trap cleanup EXIT

declare -A image
for s in "${services[@]}"; do
  tar="$s/target/jib-image.tar"
  [[ -f $tar ]] || { log "$tar missing: build the images first (./mvnw -Pimages -DskipTests package)"; exit 2; }
  image[$s]=$("$ENGINE" load -i "$tar" | sed -n 's/^Loaded image[^:]*: *//p' | tail -1)
  log "loaded ${image[$s]}"
done

log "starting Kafka, Redis and PostgreSQL (./sightline serve --infra-only)"
./sightline serve --infra-only --env-file "$work/infra.env" >"$work/infra.log" 2>&1 &
infra_pid=$!
for _ in $(seq 1 120); do [[ -s $work/infra.env ]] && break; sleep 1; done
[[ -s $work/infra.env ]] || { log "infrastructure did not come up"; cat "$work/infra.log" >&2; exit 1; }

run() { # service, extra args...
  local s=$1; shift
  "$ENGINE" run -d --name "sl-$s" --network host --memory "$MEMORY" --env-file "$work/infra.env" \
    -e SERVER_PORT="${port[$s]}" -v "$MODEL_DIR:/models:ro" "$@" "${image[$s]}" >/dev/null
  log "started sl-$s on port ${port[$s]}"
}
ready() { # service
  local s=$1
  for _ in $(seq 1 180); do
    curl -sf "http://127.0.0.1:${port[$s]}/actuator/health/readiness" >/dev/null && return 0
    [[ $("$ENGINE" inspect -f '{{.State.Running}}' "sl-$s") == true ]] || break
    sleep 1
  done
  log "sl-$s not ready; its log:"; "$ENGINE" logs --tail 60 "sl-$s" >&2; return 1
}

model=/models/$(basename "$(ls -d "$MODEL_DIR"/sightline-tiny 2>/dev/null || ls -d "$MODEL_DIR"/*/ | head -1)")
run trace-store
run diffusion-decoder-service -e SIGHTLINE_DECODER_MODEL="$model"
run vision-encoder-service -e SIGHTLINE_ENCODER_MODEL="$model"
run reasoner-service -e SIGHTLINE_REASONER_MODEL="$model" \
  -e SIGHTLINE_REASONER_DECODERURL="http://127.0.0.1:${port[diffusion-decoder-service]}"
run gateway-service -e TRACE_STORE_URL="http://127.0.0.1:${port[trace-store]}" \
  -e SPRING_APPLICATION_JSON="{\"sightline\":{\"gateway\":{\"api-keys\":{\"$API_KEY\":\"demo\"}}}}"
for s in "${services[@]}"; do ready "$s"; log "sl-$s ready"; done

for s in "${services[@]}"; do
  uid=$("$ENGINE" exec "sl-$s" id -u)
  heap=$("$ENGINE" exec "sl-$s" bash -c 'java -XX:MaxRAMPercentage=75 -XX:+PrintFlagsFinal -version 2>/dev/null' \
    | awk '$2 == "MaxHeapSize" {printf "%.0f MiB", $4 / 1048576}')
  [[ $uid != 0 ]] || { log "sl-$s runs as root"; exit 1; }
  log "sl-$s: uid $uid, max heap under the $MEMORY limit: $heap"
done

log "asking through the containerised gateway"
out=$(./sightline ask --gateway "http://127.0.0.1:$GATEWAY_PORT" --api-key "$API_KEY" \
  --image docs/examples/scene.png --follow --json "How many red objects can you see?")
echo "$out" | tail -3
result=$(echo "$out" | grep '^{"event":"result"' || true)
echo "$result" | grep -q '"status":"COMPLETED"' || { log "the task did not complete"; exit 1; }
task=$(echo "$result" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
steps=$(curl -sf -H "Authorization: Bearer $API_KEY" "http://127.0.0.1:$GATEWAY_PORT/v1/tasks/$task/trace" \
  | grep -o '"seq":' | wc -l)
[[ $steps -gt 0 ]] || { log "no stored trace for $task"; exit 1; }
log "task $task COMPLETED; its trace in the trace store has $steps steps"
log "OK: five images loaded, started non-root under a $MEMORY limit, ready, and served a task end to end"
