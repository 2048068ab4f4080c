#!/usr/bin/env bash
# gn20 (latent-noalign from gl20's stage 1) with stage 2's grounding loss on the CoT lines too, as stage 1 has it
# (twenty-first session)
cd /work/main
./sightline train --preset tiny --recipe latent-noalign --chains grid --out runs/gt21 --minutes 30 --seed 0 \
  --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 0.5 --locate-weight 1 \
  --latent-steps 1,4,9,16 --stage1-share 0.7 --stage1-from runs/gl20/stage1
