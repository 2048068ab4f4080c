#!/bin/bash
# podman 4.3 schedules healthchecks via systemd timers; no systemd here, so drive them by hand
while true; do
  for c in $(podman ps --filter label=io.podman.compose.project=${1:-main} --format '{{.Names}}'); do
    podman healthcheck run "$c" >/dev/null 2>&1 &
  done
  wait; sleep 10
done
