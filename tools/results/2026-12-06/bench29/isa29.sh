#!/usr/bin/env bash
# libtorch's AVX-512 kernels against its AVX2 ones (twenty-ninth session): kind29 found a dear serve's extra forward
# CPU in Sleef_expf16_u10 (softmax, sigmoid), ~30x its cost in a cheap serve. Arms alternate, a fresh serve each:
# `default` and `avx2` (ATEN_CPU_CAPABILITY=avx2 for serve and the bench alike). Per serve: 2 x 256 warm-up tasks,
# async-profiler over one `--repeat 2` documented command (lab.sh's profiled_doc) -> isa29-ARM-N.json; the scheduler thread's exp and its
# total, ms per platform task, from /tmp/isa29-ARM-N.collapsed.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../bench25/lab.sh"
JAR="${KIND_JAR:-/tmp/sl-r29/sightline.jar}"
for n in $(seq 1 "${SERVES:-3}"); do
  for arm in default avx2; do
    if [ $arm = avx2 ]; then export ATEN_CPU_CAPABILITY=avx2; else unset ATEN_CPU_CAPABILITY; fi
    serve_from "$JAR"
    warm_up_with "$JAR" 2
    profiled_doc "$HERE/isa29-$arm-$n.json" "/tmp/isa29-$arm-$n.collapsed" || exit 1
    stop_serve
    python3 - "$arm" "$n" "$HERE/isa29-$arm-$n.json" "/tmp/isa29-$arm-$n.collapsed" <<'PY'
import json, sys, collections
arm, n, bench, collapsed = sys.argv[1:]
o = json.loads(open(bench).read().strip().splitlines()[-1]); e, p = o["engine"], o["platform"]
c = collections.Counter()
for line in open(collapsed):
    st, k = line.rstrip().rsplit(" ", 1)
    if st.startswith("[reasoner-scheduler"):
        c["scheduler"] += int(k)
        leaf = st.split(";")[-1]
        if leaf.startswith("Sleef_exp"):
            c[leaf] += int(k)
print(arm, n, "ratio", o["ratio"], "forward cpu", p["decode_cpu_ms_per_forward"], "engine", e["decode_cpu_ms_per_forward"],
      "over engine", round(p["decode_cpu_ms_per_forward"] / e["decode_cpu_ms_per_forward"], 2),
      "ms/task:", {k: round(v / 256, 2) for k, v in c.items()}, flush=True)
PY
  done
done
