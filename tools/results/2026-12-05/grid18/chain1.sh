#!/usr/bin/env bash
# Eighteenth session, part 1: after runs/gv30 (vanilla, --chains grid) finishes, score it on test and hard
# (one libtorch thread each, side by side), then train the lvr recipe on grid chains with the same budget.
set -u
cd "$(dirname "$0")/../../../.."
out=tools/results/2026-12-05/grid18
while pgrep -f "out runs/gv30" >/dev/null; do sleep 10; done
./sightline --help >/dev/null 2>&1   # rebuilds the CLI once, now that no run reads its jar
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
for split in test hard; do
  ./sightline eval --model runs/gv30 --split $split --samples 480 --modes text --views 1 --json \
    > $out/gv30-$split.jsonl 2> $out/gv30-$split.err &
done
wait
unset SIGHTLINE_JAVA_OPTS
./sightline train --preset tiny --recipe lvr --chains grid --out runs/gl30 --minutes 30 --seed 0 \
  --vision-steps 600 --vision-lr-scale 0 --views 1 --latent-steps 1,4,9,16 > runs/gl30.log 2>&1
