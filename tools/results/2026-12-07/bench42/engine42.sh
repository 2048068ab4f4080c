#!/usr/bin/env bash
# Forty-second session: does the latent key bias cost the engine's hot path anything? The KV cache now writes a
# score bias per stored position (an Arrays.fill of T floats per row per forward) and the mask asks the store for
# its bias (nothing to do until a biased model stores one); decode builds one float per row. Base = 82af504's build
# (/tmp/sl-82), new = f5e17b1's (/tmp/sl-42h); `bench engine` decode and latent at batches 1 and 16, arms
# alternated base/new/new/base, each the command's own median of --repeat 3.
set -u
for arm in base new new base; do
  dir=/tmp/sl-82; [ $arm = new ] && dir=/tmp/sl-42h
  echo "== $arm"
  (cd $dir && OMP_WAIT_POLICY=PASSIVE ATEN_CPU_CAPABILITY=avx2 java -Dai.djl.offline=true \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar sightline.jar bench engine --json --phases decode,latent \
    --batches ${BATCHES:-1,16} --repeat 3)
done
