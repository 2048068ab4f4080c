#!/usr/bin/env bash
# The reasoner's Outbox against the build before it (twenty-seventh session): lab.sh's arm for each jar in turn (ARMS,
# default: outbox base outbox), three documented commands each. Jars: /tmp/sl-outbox (51c881f's standalone/target)
# and /tmp/sl-base (fa3f60e's, the decode timing without the step publishing, as cpu27.sh ran).
set -u
. "$(dirname "$0")/../bench25/lab.sh"
for a in ${ARMS:-outbox base outbox}; do arm "$a" "/tmp/sl-$a/sightline.jar" "" 3; done
