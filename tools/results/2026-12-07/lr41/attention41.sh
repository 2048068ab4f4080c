#!/usr/bin/env bash
# Forty-first session: the fortieth session's unmeasured reading — sixteen latents before the chain draw attention the
# chain's digits need. LatentAttention.java (a single-file program on the CLI's jar) runs each sample alone in latent
# mode, greedy, and for every token the chain writes after the segment reports the attention its forward puts on the
# K latent positions, per block, averaged over the heads and for the largest head; digits apart. 96 samples.
# JAR dir: /tmp/sl-41n (55f339c's build).
set -u
cd /work/main
here=tools/results/2026-12-07/lr41
dir=${JARDIR:-/tmp/sl-41n}
for job in "gw41s0 test" "gw41s1 test" "gw41s0 hard"; do
  set -- $job
  echo "== $1 $2"
  (cd $dir && OMP_WAIT_POLICY=PASSIVE ATEN_CPU_CAPABILITY=avx2 java -Dai.djl.offline=true -Dsightline.torch.threads=2 \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "sightline.jar:lib/*" /work/main/$here/LatentAttention.java \
    /work/main/runs/$1 $2 96 1 4 9 16)
done
