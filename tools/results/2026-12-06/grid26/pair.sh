#!/usr/bin/env bash
# The shipped pair on a seventh seed (twenty-sixth session): grid24's pair.sh SEED with this folder's run names
# (runs/gs26sSEED, runs/gd26sSEED) and scores.
TAG=26 OUT=tools/results/2026-12-06/grid26 exec "$(dirname "$0")/../../2026-12-05/grid24/pair.sh" "$@"
