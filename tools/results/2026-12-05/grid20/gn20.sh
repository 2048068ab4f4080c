#!/usr/bin/env bash
# latent-noalign from gl20's stage 1 (the same flags; what differs is stage 2 without the LVR loss), so the two
# latent recipes compare on one stage 1; its minutes count in this run's 30 (twentieth session)
cd /work/main
./sightline train --preset tiny --recipe latent-noalign --chains grid --out runs/gn20 --minutes 30 --seed 0 \
  --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 0.5 --locate-weight 1 \
  --latent-steps 1,4,9,16 --stage1-share 0.7 --stage1-from runs/gl20/stage1
