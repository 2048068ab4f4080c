#!/usr/bin/env bash
# batch-16 decode pinned to CPU 1, alone or with /tmp/interrupt (wakes every 300 us on CPU 1, touches 64 random pages),
# THP madvise vs always (set before each bench JVM starts, so its weights are allocated under it)
cd /work/main
run() { taskset -c 1 java -Dai.djl.offline=true -Dsightline.home=/work/main -Dsightline.torch.threads=1 -jar /tmp/sl-new/sightline.jar bench engine --json --batches 16 --phases decode --iterations 300 --repeat 3 2>/dev/null | tail -1 | grep -o '"ms_per_step":[0-9.]*'; }
for round in 1 2; do
  for thp in madvise always; do
    echo $thp > /sys/kernel/mm/transparent_hugepage/enabled
    for arm in alone interrupted; do
      if [ $arm = interrupted ]; then taskset -c 1 /tmp/interrupt 300 64 & IP=$!; fi
      echo "round $round thp $thp $arm: $(run)"
      if [ $arm = interrupted ]; then kill $IP; wait $IP 2>/dev/null; fi
    done
  done
done
echo madvise > /sys/kernel/mm/transparent_hugepage/enabled
