#!/usr/bin/env bash
# gn20 (latent-noalign from gl20's stage 1) with latent_input embedding_rms: runs/gl20s1e is gl20/stage1 with
# that one key added to config.json (twenty-first session)
cd /work/main
./sightline train --preset tiny --recipe latent-noalign --chains grid --out runs/gr21 --minutes 30 --seed 0 \
  --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 0.5 --locate-weight 1 \
  --latent-steps 1,4,9,16 --stage1-share 0.7 --stage1-from runs/gl20s1e
