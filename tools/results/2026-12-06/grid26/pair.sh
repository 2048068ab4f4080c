#!/usr/bin/env bash
# The shipped pair on a seventh seed (twenty-sixth session), as grid24/pair.sh ran seeds 3-5: pair.sh SEED trains vanilla
# (as gs20) and lvr (as gd21, in one command) side by side with one libtorch thread each, as runs/gs26sSEED and
# runs/gd26sSEED, then scores both into this folder.
set -u
seed=$1
cd /work/main && mkdir -p runs
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
common="--preset tiny --chains grid --minutes 30 --seed $seed --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 0.5 --locate-weight 1"
./sightline --help > /dev/null 2>&1
./sightline train $common --recipe vanilla --out runs/gs26s$seed > runs/gs26s$seed.log 2>&1 &
./sightline train $common --recipe lvr --out runs/gd26s$seed --latent-steps 1,4,9,16 --stage1-share 0.7 \
  --latent-schedule before-answer --stage2-text-share 0.25 > runs/gd26s$seed.log 2>&1 &
wait
OUT=tools/results/2026-12-06/grid26 tools/results/2026-12-05/grid19/eval.sh gs26s$seed text
OUT=tools/results/2026-12-06/grid26 tools/results/2026-12-05/grid19/eval.sh gd26s$seed text,latent --latent-steps 1,4,9,16
echo done
