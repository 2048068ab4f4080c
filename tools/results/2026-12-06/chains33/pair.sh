#!/usr/bin/env bash
# The thirty-third session's grid-chain variants (docs/results.md, thirty-third session), none kept: each is a patch
# on commit 03f4826 (explicit.patch: runs gc33s0, gl33s0; sums.patch: gc33bs0, gl33bs0; regions.patch: gc33ds1,
# gl33ds0). Apply one (git apply), build (./sightline --help), copy standalone/target/sightline.jar and lib/ to
# /tmp/sl-33 (JAR sets another jar), revert, then: TAG=… pair.sh SEED [VANILLA_SEED] trains, side by side with one
# libtorch thread each, cross-entropy-only vanilla SFT (as plain32/plain.sh) and the shipped lvr command (as
# grid24/pair.sh, one command) as runs/gc${TAG}sVANILLA_SEED and runs/gl${TAG}sSEED, then scores both here (480
# samples of test and hard, one view, the misses beside the scores; sl.sh's score_pair, which the thirty-fourth session
# moved there from here unchanged). SKIP_TRAIN=1 only scores the runs, once they end.
set -u
seed=$1
vseed=${2:-$1}   # the vanilla run's seed, when it differs (its chains' text does not depend on the regions)
tag=${TAG:?TAG: 33 (explicit), 33b (sums) or 33d (regions)}
cd /work/main && mkdir -p runs
here=tools/results/2026-12-06/chains33
source $here/sl.sh
common="--preset tiny --chains grid --minutes 30 --seed $seed --vision-steps 600 --vision-lr-scale 0 --views 1"
if [[ -z ${SKIP_TRAIN:-} ]]; then
  sl train ${common/--seed $seed/--seed $vseed} --recipe vanilla --out runs/gc${tag}s$vseed > runs/gc${tag}s$vseed.log 2>&1 &
  sl train $common --recipe lvr --grounding-weight 0.5 --locate-weight 1 --out runs/gl${tag}s$seed --latent-steps 1,4,9,16 \
    --stage1-share 0.7 --latent-schedule before-answer --stage2-text-share 0.25 > runs/gl${tag}s$seed.log 2>&1 &
fi
# SKIP_TRAIN=1: score runs already training (or trained), once they end
while pgrep -f "out runs/(gc${tag}s$vseed|gl${tag}s$seed)( |$)" > /dev/null; do sleep 10; done
score_pair $here gc${tag}s$vseed gl${tag}s$seed
echo done
