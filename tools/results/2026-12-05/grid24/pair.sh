#!/usr/bin/env bash
# The shipped pair on another seed, as grid23/seed2.sh ran seed 2 (twenty-fourth session): pair.sh SEED trains vanilla
# (as gs20) and lvr (as gd21, in one command) side by side with one libtorch thread each, as runs/gs${TAG}sSEED and
# runs/gd${TAG}sSEED (TAG: 24 unless set), then scores both into $OUT (this folder unless set).
set -u
seed=$1
tag=${TAG:-24}
out=${OUT:-tools/results/2026-12-05/grid24}
cd /work/main && mkdir -p runs
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
common="--preset tiny --chains grid --minutes 30 --seed $seed --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 0.5 --locate-weight 1"
./sightline --help > /dev/null 2>&1
./sightline train $common --recipe vanilla --out runs/gs${tag}s$seed > runs/gs${tag}s$seed.log 2>&1 &
./sightline train $common --recipe lvr --out runs/gd${tag}s$seed --latent-steps 1,4,9,16 --stage1-share 0.7 \
  --latent-schedule before-answer --stage2-text-share 0.25 > runs/gd${tag}s$seed.log 2>&1 &
wait
OUT=$out tools/results/2026-12-05/grid19/eval.sh gs${tag}s$seed text
OUT=$out tools/results/2026-12-05/grid19/eval.sh gd${tag}s$seed text,latent --latent-steps 1,4,9,16
echo done
