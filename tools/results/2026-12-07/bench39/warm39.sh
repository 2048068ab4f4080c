#!/usr/bin/env bash
# Thirty-ninth session: the platform in steady state, with the encoder shortcut (6431706 on). bench36/warm36.sh on
# a build of eeee9d0 (the platform's code as 74e7ae2): one fresh serve, then three rounds of 10 warm-ups (256 tasks
# each) each followed by the documented command with --reasoner three times, read after 10, 20 and 30 warm-ups.
# SERVES fresh serves in a row (default 1), each its own block of the output.
set -u
here=$(dirname "$0")
for s in $(seq 1 "${SERVES:-1}"); do
  echo "serve $s"
  WARM_JAR="${WARM_JAR:-/tmp/sl-39p/sightline.jar}" "$here/../bench36/warm36.sh"
done
