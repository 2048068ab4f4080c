#!/usr/bin/env bash
# Concurrency 1 with the encoder shortcut (6431706, /tmp/sl-38) and the shipped bundle: ../../2026-12-06/bench31/c1-31.sh
# (a fresh serve, 3 warm-ups at concurrency 16, then `--tasks 16 --concurrency 1 --repeat 3 --warm-up 8` with
# --reasoner, twice) on that jar.
C1_JAR="${C1_JAR:-/tmp/sl-38/sightline.jar}" exec "$(dirname "$0")/../../2026-12-06/bench31/c1-31.sh"
