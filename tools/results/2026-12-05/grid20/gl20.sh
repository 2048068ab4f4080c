#!/usr/bin/env bash
# lvr on gs20's settings (grid chains, grounding 0.5, readout 1, visual tokens standardized after stage 0), with
# 70 % of the 30 minutes in stage 1 so that stage 1 passes the step (~1 500) where gs20's grounding took hold
cd /work/main
# (the property switched the standardization on in the build that trained this run; since 74b44af every stage 0
# standardizes and the property is read by nothing)
SIGHTLINE_JAVA_OPTS=-Dsightline.standardizeVisual=true \
./sightline train --preset tiny --recipe lvr --chains grid --out runs/gl20 --minutes 30 --seed 0 \
  --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 0.5 --locate-weight 1 \
  --latent-steps 1,4,9,16 --stage1-share 0.7
