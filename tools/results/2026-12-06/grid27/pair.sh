#!/usr/bin/env bash
# The shipped pair on an eighth seed (twenty-seventh session): grid24's pair.sh SEED with this folder's run names
# (runs/gs27sSEED, runs/gd27sSEED) and scores.
TAG=27 OUT=tools/results/2026-12-06/grid27 exec "$(dirname "$0")/../../2026-12-05/grid24/pair.sh" "$@"
