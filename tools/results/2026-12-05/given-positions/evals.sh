R="java -Dsightline.torch.threads=1 -Dai.djl.offline=true -cp /tmp/s16/sightline.jar:/tmp/s16/lib/*:. ReasonOnly eval"
for sp in test hard; do
  ($R /tmp/s16/r1/stage1 $sp 480 text 0 gold 2>&1 | grep -v WARN & $R /tmp/s16/r1/stage1 $sp 480 text 0 random 2>&1 | grep -v WARN; wait)
  for k in 1 4 16; do ($R /tmp/s16/r1 $sp 480 latent $k gold 2>&1 | grep -v WARN & $R /tmp/s16/r1 $sp 480 latent $k random 2>&1 | grep -v WARN; wait); done
done
