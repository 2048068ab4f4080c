#!/usr/bin/env bash
# Eighteenth session, part 4: does a grid model see its squares with four views (the eleventh session's
# four-view models used the image, the one-to-four mix did not)? Vanilla, 25 minutes, scored in text mode with
# four views; the localization line's "in the right square" is the figure.
set -u
cd "$(dirname "$0")/../../../.."
out=tools/results/2026-12-05/grid18
./sightline train --preset tiny --recipe vanilla --chains grid --out runs/gv4 --minutes 25 --seed 0 \
  --vision-steps 600 --vision-lr-scale 0 --views 4 > runs/gv4.log 2>&1
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
for split in test hard; do
  ./sightline eval --model runs/gv4 --split $split --samples 480 --modes text --views 4 --json \
    > $out/gv4-$split.jsonl 2> $out/gv4-$split.err &
done
wait
echo chain4 done
