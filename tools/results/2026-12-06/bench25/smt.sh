#!/usr/bin/env bash
# decode at batch 16 pinned to CPU 1, with CPU 0 idle / integer spin / AVX-512 FMA / memcpy 64 MB
cd /work/main
run() { taskset -c 1 java -Dai.djl.offline=true -Dsightline.home=/work/main -Dsightline.torch.threads=1 -jar /tmp/sl-base/sightline.jar bench engine --json --batches 16 --phases decode --iterations 200 --repeat 3 2>/dev/null | tail -1; }
for arm in idle 0 idle 0 idle 1 idle 2 idle 0; do
  if [ $arm != idle ]; then taskset -c 0 /tmp/spin $arm & SP=$!; fi
  echo "arm $arm: $(run)"
  if [ $arm != idle ]; then kill $SP; wait $SP 2>/dev/null; fi
done
