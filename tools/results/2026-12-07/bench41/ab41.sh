#!/usr/bin/env bash
# Forty-first session: did the reasoner's hardening (a step guarded at the loop, the step and result records through
# TaskRecords, the scheduler's sweep of its queue for cancelled sessions) cost the platform anything? The
# twenty-seventh session's A/B (`bench25/lab.sh`'s `arm`): base = a build of aabe13d (the fortieth session's
# final tree), new = this session's; arms alternated base, new, new, base, each a fresh serve, 10 warm-ups, then the
# documented command (`--tasks 96 --concurrency 16 --repeat 5 --reasoner`) three times.
set -u
source /work/main/tools/results/2026-12-06/bench25/lab.sh
BASE=${BASE:-/tmp/sl-41/sightline.jar}
NEW=${NEW:-/tmp/sl-41n/sightline.jar}
arm base "$BASE" "" 3
arm new "$NEW" "" 3
arm new "$NEW" "" 3
arm base "$BASE" "" 3
