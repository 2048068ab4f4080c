#!/usr/bin/env bash
# gt21 at a fifth of stage 1's peak rate in stage 2 (--stage2-lr-scale 0.2, peak 2e-4 where the default gives
# 5e-4) (twenty-first session)
cd /work/main
./sightline train --preset tiny --recipe latent-noalign --chains grid --out runs/gu21 --minutes 30 --seed 0 \
  --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 0.5 --locate-weight 1 \
  --latent-steps 1,4,9,16 --stage1-share 0.7 --stage1-from runs/gl20/stage1 --stage2-lr-scale 0.2
