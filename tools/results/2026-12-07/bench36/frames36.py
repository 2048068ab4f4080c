#!/usr/bin/env python3
"""Inclusive CPU per platform task of a few families of frames, over every thread of a collapsed async-profiler
file (thirty-sixth session): what the observability, JSON and logging layers cost the pipeline.
usage: frames36.py COLLAPSED TASKS"""
import collections, sys

FAMILIES = {
    "observation (io/micrometer/observation)": ("io/micrometer/observation",),
    "tracing (micrometer tracing, OpenTelemetry)": ("io/micrometer/tracing", "io/opentelemetry"),
    "metrics (micrometer core instruments)": ("io/micrometer/core/instrument",),
    "lettuce tracing/metrics": ("io/lettuce/core/tracing", "io/lettuce/core/metrics"),
    "JSON (Jackson)": ("tools/jackson", "com/fasterxml/jackson"),
    "logging (logback, slf4j)": ("ch/qos/logback", "org/slf4j"),
    "Kafka producer send": ("org/apache/kafka/clients/producer/KafkaProducer.send",),
    "Kafka consumer poll": ("org/apache/kafka/clients/consumer/internals/ClassicKafkaConsumer.poll",),
    "Redis (lettuce)": ("io/lettuce/core/",),
    "Tomcat": ("org/apache/coyote", "org/apache/catalina"),
    "PostgreSQL JDBC": ("org/postgresql",),
    "forwards (LanguageModel.forward)": ("dev/sightline/latent/text/LanguageModel.forward",),
}
path, tasks = sys.argv[1], int(sys.argv[2])
hits, total = collections.Counter(), 0
by_thread = collections.defaultdict(collections.Counter)
for line in open(path):
    stack, n = line.rstrip("\n").rsplit(" ", 1)
    n = int(n)
    total += n
    thread = stack.split(";", 1)[0]
    for fam, keys in FAMILIES.items():
        if any(k in stack for k in keys):
            hits[fam] += n
            by_thread[fam][thread.split(" tid=")[0].rstrip("]").rstrip("0123456789-")] += n
print(f"total {total / tasks:.2f} ms per platform task ({tasks} tasks)")
for fam, n in hits.most_common():
    top = ", ".join(f"{t}] {m / tasks:.2f}" for t, m in by_thread[fam].most_common(3))
    print(f"  {n / tasks:6.2f} ms/task  {fam}   ({top})")
