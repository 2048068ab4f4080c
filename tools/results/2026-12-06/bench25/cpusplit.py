#!/usr/bin/env python3
"""One `bench platform` run with the CPU of serve and of the bench client over its platform phases (twenty-fifth
session). Samples every thread of both JVMs every 0.2 s. A platform phase is the time the client's worker pool
(`pool-*-thread-*`, created per platform run) is alive; its CPU is every client thread's (JIT and GC included) and
serve's over those windows, divided by the platform tasks run in them.
usage: cpusplit.py SERVE_PID BENCH_JAR BENCH_ARGS...   prints the bench's JSON, then one JSON line of CPU figures."""
import json, os, re, subprocess, sys, time

def threads(pid):
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return out
    for t in tids:
        try:
            with open(f"/proc/{pid}/task/{t}/stat") as f:
                s = f.read()
            name = s[s.index("(") + 1:s.rindex(")")]
            fields = s[s.rindex(")") + 2:].split()
            out[t] = (name, (int(fields[11]) + int(fields[12])) / 100.0)
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass
    return out

serve_pid, jar, args = sys.argv[1], sys.argv[2], sys.argv[3:]
root = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../../.."))
cmd = ["java", "-Dai.djl.offline=true", f"-Dsightline.home={root}", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
       "-jar", jar, "bench", "platform", "--json", "--gateway", "http://localhost:8080", "--api-key", "demo-key"] + args
bench = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
windows, cur, prev_c, prev_s = [], None, {}, {}
cl_total = {"platform": 0.0}
sv = {"reasoner": 0.0, "other": 0.0}
groups, procs, prev_p = {}, {"redis": 0.0, "postgres": 0.0}, {}

def proc_cpu():
    out = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                s = f.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        name = s[s.index("(") + 1:s.rindex(")")]
        k = "redis" if name.startswith("redis") else "postgres" if name.startswith("postgres") else None
        if k:
            fields = s[s.rindex(")") + 2:].split()
            out[p] = (k, (int(fields[11]) + int(fields[12])) / 100.0)
    return out
while bench.poll() is None:
    c, s, pr = threads(bench.pid), threads(serve_pid), proc_cpu()
    in_platform = any(n.startswith("pool-") for n, _ in c.values())
    if in_platform and prev_c:
        for t, (n, v) in c.items():
            if t in prev_c:
                cl_total["platform"] += v - prev_c[t][1]
                g = "client " + re.sub(r"\d+", "N", n)
                groups[g] = groups.get(g, 0.0) + v - prev_c[t][1]
        for t, (n, v) in s.items():
            if t in prev_s:
                k = "reasoner" if n.startswith("reasoner-schedu") else "other"
                sv[k] += v - prev_s[t][1]
                g = re.sub(r"\d+", "N", n)
                groups[g] = groups.get(g, 0.0) + v - prev_s[t][1]
        for p, (k, v) in pr.items():
            if p in prev_p:
                procs[k] += v - prev_p[p][1]
    prev_c, prev_s, prev_p = c, s, pr
    time.sleep(0.2)
out = bench.stdout.read()
print(out.strip())
res = json.loads(out.strip().splitlines()[-1])
warm = int(args[args.index("--warm-up") + 1]) if "--warm-up" in args else 64
n = res["tasks"] * res["repeat"] + warm  # the warm-up's platform tasks run in a pool of their own too
print(json.dumps({"platform_tasks": n, "client_ms_per_task": round(1000 * cl_total["platform"] / n, 2),
                  "serve_reasoner_ms_per_task": round(1000 * sv["reasoner"] / n, 2),
                  "serve_other_ms_per_task": round(1000 * sv["other"] / n, 2),
                  "redis_ms_per_task": round(1000 * procs["redis"] / n, 2),
                  "postgres_ms_per_task": round(1000 * procs["postgres"] / n, 2)}))
for g, v in sorted(groups.items(), key=lambda kv: -kv[1])[:20]:
    print("  %-60s %6.2f ms/task" % (g, 1000 * v / n))
