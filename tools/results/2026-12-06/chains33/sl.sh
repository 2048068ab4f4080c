# The CLI as ./sightline runs it, from a jar copied out of the tree (JAR; default /tmp/sl-33/sightline.jar with its
# lib/ beside it), so the working tree can change while a run trains: sourced by pair.sh and regions-only.sh.
jar=${JAR:-/tmp/sl-33/sightline.jar}
sl() {
  OMP_WAIT_POLICY=PASSIVE ATEN_CPU_CAPABILITY=avx2 java -Dsightline.torch.threads=1 -Dai.djl.offline=true \
    -Dsightline.home=/work/main -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar" "$@"
}
