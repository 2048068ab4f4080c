#!/usr/bin/env bash
# grid19's eval.sh, writing the scores here: eval.sh RUN [MODES] [extra eval args]
OUT=tools/results/2026-12-05/grid22 exec "$(dirname "$0")/../grid19/eval.sh" "$@"
