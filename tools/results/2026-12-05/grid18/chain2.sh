#!/usr/bin/env bash
# Eighteenth session, part 2: after runs/gl30 (lvr, --chains grid) finishes, score it on test and hard in text
# and latent mode at K = 1, 4, 9, 16; then the vanilla gv30 again on test (for the localization line, which now
# reads squares) and with the squares given (gold) or drawn at random, on the grid test split.
set -u
cd "$(dirname "$0")/../../../.."
out=tools/results/2026-12-05/grid18
while pgrep -f "out runs/gl30" >/dev/null; do sleep 10; done
./sightline --help >/dev/null 2>&1
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
ev() { ./sightline eval --samples 480 --views 1 --json "$@"; }
ev --model runs/gl30 --split test --modes text,latent --latent-steps 1,4,9,16 > $out/gl30-test.jsonl 2> $out/gl30-test.err &
ev --model runs/gl30 --split hard --modes text,latent --latent-steps 1,4,9,16 > $out/gl30-hard.jsonl 2> $out/gl30-hard.err &
wait
ev --model runs/gv30 --split test --modes text > $out/gv30-test-rerun.jsonl 2> $out/gv30-test-rerun.err &
ev --model runs/gv30 --split hard --modes text > $out/gv30-hard-rerun.jsonl 2> $out/gv30-hard-rerun.err &
wait
for g in gold random; do
  ev --model runs/gv30 --split test --modes text --chains grid --given-positions $g > $out/gv30-test-grid-$g.jsonl 2> $out/gv30-test-grid-$g.err &
done
wait
echo chain2 done
