#!/usr/bin/env bash
# One stage-2 variant of the shipped `lvr` recipe (twenty-sixth session): stage2.sh PREFIX FLAGS... trains stage 2
# again from the stage 1 of gd24s3 and gd24s5 (seeds 3 and 5) with FLAGS added (which must include --latent-steps),
# side by side with one libtorch thread each, as runs/PREFIXs3 and runs/PREFIXs5; then scores both as the pair runs
# were. Against gd24s3 and gd24s5, the same stage 1 with the shipped stage 2.
set -u
prefix=$1; shift
cd /work/main
export SIGHTLINE_JAVA_OPTS=-Dsightline.torch.threads=1
common="--preset tiny --chains grid --minutes 30 --vision-steps 600 --vision-lr-scale 0 --views 1 --grounding-weight 0.5 \
  --locate-weight 1 --recipe lvr --stage1-share 0.7 --latent-schedule before-answer --stage2-text-share 0.25"
./sightline --help > /dev/null 2>&1
for s in 3 5; do
  ./sightline train $common "$@" --seed $s --stage1-from runs/gd24s$s/stage1 --out runs/${prefix}s$s \
    > runs/${prefix}s$s.log 2>&1 &
done
wait
for s in 3 5; do
  OUT=tools/results/2026-12-06/grid26 tools/results/2026-12-05/grid19/eval.sh ${prefix}s$s text,latent --latent-steps 1,4,9,16
done
echo done
