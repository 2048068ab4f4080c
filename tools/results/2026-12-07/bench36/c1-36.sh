#!/usr/bin/env bash
# Concurrency 1 on this session's final build (b643ebc, /tmp/sl-36b) and the bundle shipped since the thirty-fifth
# session: ../../2026-12-06/bench31/c1-31.sh (a fresh serve, 3 warm-ups at concurrency 16, then `--tasks 16
# --concurrency 1 --repeat 3 --warm-up 8` with --reasoner, twice) on that jar.
C1_JAR="${C1_JAR:-/tmp/sl-36b/sightline.jar}" exec "$(dirname "$0")/../../2026-12-06/bench31/c1-31.sh"
