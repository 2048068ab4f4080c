#!/usr/bin/env bash
# What observing every Kafka record costs (twenty-seventh session): lab.sh's arm on /tmp/sl-outbox per arm (ARMS,
# default: off on), `off` with Spring Kafka's observation of sends and listeners disabled and no trace sampled (system
# properties, which override the services' yml), `on` as shipped; two documented commands each.
set -u
. "$(dirname "$0")/../bench25/lab.sh"
OFF="-Dspring.kafka.template.observation-enabled=false -Dspring.kafka.listener.observation-enabled=false -Dmanagement.tracing.sampling.probability=0"
for a in ${ARMS:-off on}; do
  if [ "$a" = off ]; then opts=$OFF; else opts=""; fi
  arm "observation $a" /tmp/sl-outbox/sightline.jar "$opts" 2
done
