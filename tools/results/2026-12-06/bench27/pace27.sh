#!/usr/bin/env bash
# Prefill pacing (twenty-seventh session): while sessions decode, the scheduler runs a prefill forward at most every
# N decode steps (-Dsightline.prefillEvery=N; 1: every step, as before). lab.sh's arm on /tmp/sl-pace (the Outbox
# build plus the pacing, reverted since) per N (EVERY, default: 4 1 4 1), two documented commands each.
set -u
. "$(dirname "$0")/../bench25/lab.sh"
for n in ${EVERY:-4 1 4 1}; do arm "every $n" /tmp/sl-pace/sightline.jar "-Dsightline.prefillEvery=$n" 2; done
