#!/usr/bin/env bash
# gg30 with four times the grounding weight (2): is a sharper attention on the object what the squares lack?
cd /work/main
./sightline train --preset tiny --recipe vanilla --chains grid --out runs/gw30 --minutes 30 --seed 0 \
  --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 2 --locate-weight 1
