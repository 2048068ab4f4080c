#!/usr/bin/env bash
# Thirtieth session: a cached prompt's last position joins the decode forward (mixed batch) against the build before
# it. Arms alternated, PAIRS pairs, each serve fresh from a copy of its jar (3 warm-ups, the documented command once
# with --reasoner); every run's whole JSON in mix30.jsonl. Jars: /tmp/sl-base30 (a4ccb57), /tmp/sl-mix (the change).
set -u
source "$(dirname "$0")/../bench25/lab.sh"
PAIRS="${PAIRS:-4}"
OUT="$(dirname "$0")/mix30.jsonl"
for p in $(seq 1 "$PAIRS"); do
  JAR=/tmp/sl-base30/sightline.jar; record_serve base "$p" "$OUT"
  JAR=/tmp/sl-mix/sightline.jar; record_serve mix "$p" "$OUT"
done
