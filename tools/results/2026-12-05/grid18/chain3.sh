#!/usr/bin/env bash
# Eighteenth session, part 3: after chain2.sh, the valr recipe on grid chains with the same budget, scored as gl30.
set -u
cd "$(dirname "$0")/../../../.."
out=tools/results/2026-12-05/grid18
while pgrep -f "grid18/chain2.sh" >/dev/null; do sleep 10; done
./sightline train --preset tiny --recipe valr --chains grid --out runs/ga30 --minutes 30 --seed 0 \
  --vision-steps 600 --vision-lr-scale 0 --views 1 --latent-steps 1,4,9,16 > runs/ga30.log 2>&1
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
ev() { ./sightline eval --samples 480 --views 1 --json "$@"; }
ev --model runs/ga30 --split test --modes text,latent --latent-steps 1,4,9,16 > $out/ga30-test.jsonl 2> $out/ga30-test.err &
ev --model runs/ga30 --split hard --modes text,latent --latent-steps 1,4,9,16 > $out/ga30-hard.jsonl 2> $out/ga30-hard.err &
wait
echo chain3 done
