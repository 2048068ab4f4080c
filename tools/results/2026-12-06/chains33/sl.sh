# The CLI as ./sightline runs it, from a jar copied out of the tree (JAR; default /tmp/sl-33/sightline.jar with its
# lib/ beside it), so the working tree can change while a run trains: sourced by the training scripts under
# tools/results since chains33 (pair.sh, regions-only.sh, lr34–lr38).
# SL_OPTS: more JVM options for one call (thirty-fifth session: SL_OPTS=-Dsightline.copyWeight=0.5 sl train ...).
jar=${JAR:-/tmp/sl-33/sightline.jar}
# The shipped pair's training options (models/sightline-tiny*/README.md, since the thirty-fifth session): what both
# bundles share, and the lvr model's besides its budget, seed and latent segment (--latent-steps, --latent-schedule),
# which the scripts that vary them give themselves
SHIPPED_PAIR="--preset tiny --chains grid --vision-steps 600 --vision-lr-scale 0 --views 1 --lr 5e-4"
SHIPPED_PAIR="$SHIPPED_PAIR --grounding-weight 0.5 --locate-weight 1 --copy-weight 0.5"
SHIPPED_LVR="$SHIPPED_PAIR --recipe lvr --stage1-share 0.7 --stage2-text-share 0.25"
sl() {
  OMP_WAIT_POLICY=PASSIVE ATEN_CPU_CAPABILITY=avx2 java ${SL_OPTS:-} -Dsightline.torch.threads=1 -Dai.djl.offline=true \
    -Dsightline.home=/work/main -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar" "$@"
}
# train_side_by_side "OPTIONS" RUN:SEED... (thirty-eighth session, from the lr37/lr38 scripts): `sl train OPTIONS
# --seed SEED --out runs/RUN` for each pair at once, each logging to runs/RUN.log; returns when all have ended
train_side_by_side() {
  local opts=$1 pair
  shift
  for pair in "$@"; do
    sl train $opts --seed "${pair#*:}" --out "runs/${pair%%:*}" > "runs/${pair%%:*}.log" 2>&1 &
  done
  wait
}
# score_pair DIR VANILLA LVR (thirty-fourth session, from pair.sh's scoring): runs/VANILLA in text mode and runs/LVR
# in text and latent mode (K 1, 4, 9, 16), side by side, 480 samples of test and hard, one view, the misses beside
# the scores in DIR; then both training logs and the misses gzipped there
score_pair() {
  local dir=$1 gc=$2 gl=$3 split run
  for split in test hard; do
    sl eval --model runs/$gc --split $split --samples 480 --modes text --views 1 --json --show-misses 1000 \
      > $dir/$gc-$split.jsonl 2> $dir/$gc-$split.err &
    sl eval --model runs/$gl --split $split --samples 480 --modes text,latent --latent-steps 1,4,9,16 --views 1 \
      --json --show-misses 1000 > $dir/$gl-$split.jsonl 2> $dir/$gl-$split.err &
    wait
  done
  for run in $gc $gl; do
    gzip -c runs/$run.log > $dir/$run.log.gz
    gzip -f $dir/$run-test.err $dir/$run-hard.err
  done
}
# score_latent DIR RUN... (thirty-seventh session, from sched36.sh's scoring): each runs/RUN in text and latent mode
# (K 1, 4, 9, 16), side by side, 480 samples of test and hard, one view, the misses beside the scores in DIR; then
# the training logs and the misses gzipped there
score_latent() {
  local dir=$1 split run
  shift
  for split in test hard; do
    for run in "$@"; do
      sl eval --model runs/$run --split $split --samples 480 --modes text,latent --latent-steps 1,4,9,16 --views 1 \
        --json --show-misses 1000 > $dir/$run-$split.jsonl 2> $dir/$run-$split.err &
    done
    wait
  done
  for run in "$@"; do
    gzip -c runs/$run.log > $dir/$run.log.gz
    gzip -f $dir/$run-test.err $dir/$run-hard.err
  done
}
