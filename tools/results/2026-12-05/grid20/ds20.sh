#!/usr/bin/env bash
# gs20's settings on the default decimal chains ("The red cube is at x = 1.2, z = -0.4."), tokens standardized as
# every stage 0 now does: does the grounding take hold there too? (twentieth session; the decimal counterpart of
# the fifteenth session's d)
cd /work/main
./sightline train --preset tiny --recipe vanilla --out runs/ds20 --minutes 30 --seed 0 \
  --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 0.5 --locate-weight 1
