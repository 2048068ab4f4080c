#!/usr/bin/env bash
# The shipped chains' text with regions only on position lines (shipped-regions.patch on 03f4826, thirty-third
# session): regions-only.sh A B trains the shipped lvr command on seeds A and B side by side (one libtorch thread
# each) as runs/gl33esA and runs/gl33esB from the jar in /tmp/sl-33 (build it with the patch applied, as pair.sh
# says), then scores both here. Their controls are the shipped pair's runs of the same seeds (gd21, gd21s1), whose
# chains have the same text.
set -u
cd /work/main && mkdir -p runs
here=tools/results/2026-12-06/chains33
source $here/sl.sh
for seed in "$@"; do
  sl train --preset tiny --chains grid --minutes 30 --seed $seed --vision-steps 600 --vision-lr-scale 0 --views 1 \
    --recipe lvr --grounding-weight 0.5 --locate-weight 1 --out runs/gl33es$seed --latent-steps 1,4,9,16 \
    --stage1-share 0.7 --latent-schedule before-answer --stage2-text-share 0.25 > runs/gl33es$seed.log 2>&1 &
done
wait
for split in test hard; do
  for seed in "$@"; do
    sl eval --model runs/gl33es$seed --split $split --samples 480 --modes text,latent --latent-steps 1,4,9,16 \
      --views 1 --json --show-misses 1000 > $here/gl33es$seed-$split.jsonl 2> $here/gl33es$seed-$split.err &
  done
  wait
done
for seed in "$@"; do
  gzip -c runs/gl33es$seed.log > $here/gl33es$seed.log.gz
  gzip -f $here/gl33es$seed-test.err $here/gl33es$seed-hard.err
done
echo done
