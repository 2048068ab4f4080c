#!/usr/bin/env bash
# What observing every Kafka record costs (twenty-seventh session): a fresh `serve` from /tmp/sl-outbox per arm (ARMS,
# default: off on), `off` with Spring Kafka's observation of sends and listeners disabled and no trace sampled (system
# properties, which override the services' yml), `on` as shipped; each warmed by WARMUPS x 256 tasks, then the
# documented command with --reasoner twice; each result line through lab.sh's show.
set -u
. "$(dirname "$0")/../bench25/lab.sh"
JAR=/tmp/sl-outbox/sightline.jar
OFF="-Dspring.kafka.template.observation-enabled=false -Dspring.kafka.listener.observation-enabled=false -Dmanagement.tracing.sampling.probability=0"
for arm in ${ARMS:-off on}; do
  if [ "$arm" = off ]; then serve_from "$JAR" "$OFF"; else serve_from "$JAR"; fi
  warm_up_with "$JAR" "$WARMUPS"
  for r in 1 2; do
    doc | show "observation $arm run $r"
  done
  stop_serve
done
