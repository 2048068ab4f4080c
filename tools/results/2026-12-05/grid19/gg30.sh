#!/usr/bin/env bash
# vanilla on grid chains with the grounding loss and the position readout at the squares (nineteenth session)
cd /work/main
./sightline train --preset tiny --recipe vanilla --chains grid --out runs/gg30 --minutes 30 --seed 0 \
  --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 0.5 --locate-weight 1
