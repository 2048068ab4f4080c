#!/usr/bin/env bash
# vanilla on grid chains with nothing but the standardized visual tokens (no grounding loss, no readout): is
# standardizing alone what lets gs20 see? (twentieth session, the committed default: every stage 0 standardizes)
cd /work/main
./sightline train --preset tiny --recipe vanilla --chains grid --out runs/gv20 --minutes 30 --seed 0 \
  --vision-steps 600 --vision-lr-scale 0 --views 1
