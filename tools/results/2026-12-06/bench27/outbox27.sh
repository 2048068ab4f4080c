#!/usr/bin/env bash
# The reasoner's Outbox against the build before it (twenty-seventh session): a fresh `serve` from each jar in turn
# (ARMS, default: outbox base outbox), each warmed by WARMUPS x 256 tasks, then the documented command with --reasoner
# three times; each result line through lab.sh's show. Jars: /tmp/sl-outbox (this commit's standalone/target) and
# /tmp/sl-base (fa3f60e's, the decode timing without the step publishing, as cpu27.sh ran).
set -u
. "$(dirname "$0")/../bench25/lab.sh"
for arm in ${ARMS:-outbox base outbox}; do
  JAR=/tmp/sl-$arm/sightline.jar
  warm_serve
  for r in 1 2 3; do
    doc | show "$arm run $r"
  done
  stop_serve
done
