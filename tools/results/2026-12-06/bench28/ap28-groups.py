#!/usr/bin/env python3
"""Summarizes async-profiler collapsed stacks by thread group (twenty-eighth session): samples per group (1 ms each,
so ms of CPU) and per platform task, then for each of the largest groups the frames with the most inclusive samples
among Sightline's, Spring's, Kafka's, Lettuce's, Jackson's, Tomcat's and the JDK's imaging/crypto code.
usage: ap28-groups.py COLLAPSED TASKS [GROUPS]"""
import collections, re, sys

path, tasks = sys.argv[1], int(sys.argv[2])
top_groups = int(sys.argv[3]) if len(sys.argv) > 3 else 10
INTERESTING = ("dev/sightline", "springframework/kafka/listener/adapter", "springframework/data/redis",
               "io/lettuce/core/", "tools/jackson", "org/apache/kafka/clients/producer/KafkaProducer",
               "org/apache/kafka/clients/consumer/internals", "javax/imageio", "java/security/MessageDigest",
               "io/micrometer", "org/postgresql", "com/zaxxer/hikari", "org/apache/coyote", "org/apache/catalina/connector",
               "[k]", "Unsafe_Park", "futex")
groups, incl = collections.Counter(), collections.defaultdict(collections.Counter)
total = 0
for line in open(path):
    stack, n = line.rstrip("\n").rsplit(" ", 1)
    n = int(n)
    frames = stack.split(";")
    g = re.sub(r" tid=\d+\]$", "]", frames[0])
    g = re.sub(r"\d+", "N", g)
    groups[g] += n
    total += n
    seen = set()
    for f in frames[1:]:
        key = "kernel" if f.endswith("_[k]") else f
        if key in seen or not any(k in f for k in INTERESTING):
            continue
        seen.add(key)
        incl[g][key] += n
print(f"total {total} samples, {total / tasks:.2f} ms per platform task ({tasks} tasks)")
for g, n in groups.most_common(30):
    print(f"  {n:7d} {n / tasks:6.2f} ms/task  {g}")
for g, n in groups.most_common(top_groups):
    print(f"--- {g}: {n / tasks:.2f} ms/task")
    for f, m in incl[g].most_common(14):
        print(f"  {m:6d} {100 * m / n:5.1f}%  {f}")
