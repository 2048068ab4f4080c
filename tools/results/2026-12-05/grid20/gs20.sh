#!/usr/bin/env bash
# gg30 (vanilla, grid chains, grounding 0.5, readout 1) with the visual tokens standardized per feature at the end
# of stage 0 (twentieth session; a system property while it is an experiment)
cd /work/main
# (the property switched the standardization on in the build that trained this run; since 74b44af every stage 0
# standardizes and the property is read by nothing)
SIGHTLINE_JAVA_OPTS=-Dsightline.standardizeVisual=true \
./sightline train --preset tiny --recipe vanilla --chains grid --out runs/gs20 --minutes 30 --seed 0 \
  --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 0.5 --locate-weight 1
