#!/usr/bin/env bash
# Thirtieth session: answer30.sh SEED trains AnswerOnly.java's two runs side by side (one libtorch thread each, as
# grid24/pair.sh trains the shipped pair) as runs/ga30sSEED (vanilla, the answer line alone) and runs/gb30sSEED (lvr,
# before-chain: latents in place of the chain), then scores both into this folder with grid19/eval.sh. Classes built
# by: javac -cp "$JAR:$LIB/*" -d /tmp/ans30 AnswerOnly.java, against a copy of the build (JAR, LIB below).
set -u
seed=$1
here="$(cd "$(dirname "$0")" && pwd)"
cd /work/main && mkdir -p runs
JAR=${JAR:-/tmp/sl-mix2/sightline.jar}; LIB=${LIB:-/tmp/sl-mix2/lib}
export OMP_WAIT_POLICY=PASSIVE ATEN_CPU_CAPABILITY=avx2
J="java -Dsightline.torch.threads=1 -Dai.djl.offline=true -Dsightline.home=/work/main -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp $JAR:$LIB/*:/tmp/ans30 AnswerOnly"
$J vanilla runs/ga30s$seed $seed > runs/ga30s$seed.log 2>&1 &
$J lvr runs/gb30s$seed $seed > runs/gb30s$seed.log 2>&1 &
wait
OUT=tools/results/2026-12-06/answer30 tools/results/2026-12-05/grid19/eval.sh ga30s$seed text
OUT=tools/results/2026-12-06/answer30 tools/results/2026-12-05/grid19/eval.sh gb30s$seed text,latent --latent-steps 1,4,9,16
echo done
