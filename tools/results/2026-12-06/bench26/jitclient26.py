#!/usr/bin/env python3
"""What the bench client's JIT compiles during its platform phases (twenty-sixth session). Runs one `bench platform`
with -XX:+PrintCompilation; samples the client's threads every 0.1 s for its platform windows (the worker pool
`pool-*` alive); prints per phase kind the compiles (by package) whose timestamps fall in it.
usage: jitclient26.py BENCH_JAR BENCH_ARGS..."""
import collections, os, re, subprocess, sys, time
jar, args = sys.argv[1], sys.argv[2:]
root = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../../.."))
cmd = ["java", "-XX:+PrintCompilation", "-Dai.djl.offline=true", f"-Dsightline.home={root}",
       "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-jar", jar, "bench", "platform", "--json", "--gateway",
       "http://localhost:8080", "--api-key", "demo-key"] + args
t0 = time.monotonic()
bench = subprocess.Popen(cmd, stdout=open("/tmp/jitclient.log", "w"), stderr=subprocess.DEVNULL)
windows, start = [], None
while bench.poll() is None:
    try:
        names = [open(f"/proc/{bench.pid}/task/{t}/comm").read().strip() for t in os.listdir(f"/proc/{bench.pid}/task")]
    except (FileNotFoundError, ProcessLookupError):
        break
    p = any(n.startswith("pool-") for n in names)
    now = (time.monotonic() - t0) * 1000
    if p and start is None: start = now
    if not p and start is not None: windows.append((start, now)); start = None
    time.sleep(0.1)
print("platform windows (ms since spawn):", [(round(a), round(b)) for a, b in windows])
inside, outside = collections.Counter(), collections.Counter()
lv_in = collections.Counter()
for l in open("/tmp/jitclient.log"):
    m = re.match(r"\s*(\d+)\s+\d+\s+[%sbn! ]*(\d)\s+(\S+)", l)
    if not m or "made not entrant" in l: continue
    t, lv, name = int(m.group(1)), m.group(2), m.group(3)
    pkg = ".".join(name.split("::")[0].split(".")[:3])
    if any(a <= t <= b for a, b in windows[1:]):  # after the warm-up's window
        inside[pkg] += 1; lv_in[lv] += 1
    else:
        outside[pkg] += 1
print("compiles inside measured platform windows:", sum(inside.values()), dict(lv_in))
for k, v in inside.most_common(25): print(f"  {v:5d} {k}")
print("elsewhere:", sum(outside.values()))
