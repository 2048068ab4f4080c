#!/usr/bin/env bash
# score a run on test and hard (one libtorch thread each, side by side): eval.sh RUN [MODES] [extra eval args]
# (OUT: where the scores go, relative to the repository root; default this folder)
set -u
cd "$(dirname "$0")/../../../.."
out=${OUT:-tools/results/2026-12-05/grid19}
run=$1; modes=${2:-text}; shift; shift || true
while pgrep -f "out runs/$run " >/dev/null; do sleep 10; done
./sightline --help >/dev/null 2>&1   # rebuilds the CLI once, now that no run reads its jar
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
for split in test hard; do
  ./sightline eval --model runs/$run --split $split --samples 480 --modes $modes --views 1 --json "$@" \
    > $out/$run-$split.jsonl 2> $out/$run-$split.err &
done
wait
