#!/usr/bin/env bash
# What a dear serve's forward spends its extra CPU on (twenty-ninth session): N fresh serves of the same build, each
# warmed with 3 x 256 tasks, then async-profiler over one `--repeat 2` documented command with --reasoner
# (lab.sh's profiled_doc) -> kind29-N.json (bench) and /tmp/kind29-N.collapsed (stacks; too large to keep),
# summarized by kind29-frames.py into kind29-frames.txt. Ran with libtorch's own kernel choice (AVX-512 here).
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../bench25/lab.sh"
JAR="${KIND_JAR:-/tmp/sl-r29/sightline.jar}"
for i in $(seq 1 "${SERVES:-5}"); do
  serve_from "$JAR"
  warm_up_with "$JAR" 3
  profiled_doc "$HERE/kind29-$i.json" "/tmp/kind29-$i.collapsed" || exit 1
  forward_kind "serve $i" "$HERE/kind29-$i.json"
  stop_serve
done
