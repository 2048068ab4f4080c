#!/usr/bin/env bash
# The Redis change (ff36cb4, /tmp/sl-r28) alternated with the build before it (ec16074, /tmp/sl-new): each arm a
# fresh serve, $WARMUPS warm-up runs, then the documented command with --reasoner three times (twenty-eighth session)
cd "$(dirname "$0")/../bench25" && source lab.sh
for round in 1 2; do
  arm "before-$round" /tmp/sl-new/sightline.jar "" 3
  arm "after-$round" /tmp/sl-r28/sightline.jar "" 3
done
