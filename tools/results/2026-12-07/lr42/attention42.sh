#!/usr/bin/env bash
# Forty-second session: the forty-first session's attention measurement (lr41/LatentAttention.java, unchanged) on the
# runs trained with `--latent-key-bias neg-log-k`: the attention each chain token's forward puts on the K latents,
# per block (the recorded weights are the softmax's, the bias included). 96 samples of `test`.
# JAR dir: /tmp/sl-42 (the build kb42.sh trained with).
set -u
cd /work/main
dir=${JARDIR:-/tmp/sl-42}
for job in "gb42s0 test" "gb42s1 test"; do
  set -- $job
  echo "== $1 $2"
  (cd $dir && OMP_WAIT_POLICY=PASSIVE ATEN_CPU_CAPABILITY=avx2 java -Dai.djl.offline=true -Dsightline.torch.threads=2 \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "sightline.jar:lib/*" \
    /work/main/tools/results/2026-12-07/lr41/LatentAttention.java /work/main/runs/$1 $2 96 1 4 9 16)
done
