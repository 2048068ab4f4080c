package dev.sightline.cli;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reasoner's forward counters as its {@code /actuator/prometheus} shows them
 * ({@code sightline_reasoner_forwards_total}, {@code _forward_rows_total}, {@code _forward_seconds_total} and
 * {@code _forward_cpu_seconds_total} by {@code kind}, the prefix cache's lookups and hits, and its process's
 * {@code process_cpu_time_ns_total} and {@code jvm_compilation_time_ms_total}). {@code bench platform --reasoner URL} reads them before and after each platform
 * run, so the platform path reports the same rows, time and CPU per forward that the engine path reads from its own
 * scheduler: how full the reasoner's batches were, and how much slower its forwards ran beside the rest of the
 * pipeline.
 */
final class ReasonerCounters {
    private static final Pattern SAMPLE = Pattern.compile(
            "^(sightline_reasoner_\\w+|process_cpu_time_ns_total|jvm_compilation_time_ms_total)(\\{[^}]*})?\\s+(\\S+)");
    private static final Pattern KIND = Pattern.compile("kind=\"(\\w+)\"");

    /** Each counter by name, and by {@code name{kind}} where it has a kind; summed over any other labels. */
    private final Map<String, Double> values;

    private ReasonerCounters(Map<String, Double> values) {
        this.values = values;
    }

    /** Reads Prometheus's text format, keeping the reasoner's counters. */
    static ReasonerCounters parse(String exposition) {
        Map<String, Double> values = new HashMap<>();
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Matcher kind = KIND.matcher(m.group(2) == null ? "" : m.group(2));
            String key = kind.find() ? m.group(1) + "{" + kind.group(1) + "}" : m.group(1);
            values.merge(key, Double.parseDouble(m.group(3)), Double::sum);
        }
        return new ReasonerCounters(values);
    }

    /**
     * The counters now, from the reasoner at {@code base} ({@code sightline serve} prints its URL).
     *
     * @param http the bench's client (its pool reaches any address)
     * @throws IllegalArgumentException when nothing answers there, or what answers has no forward counters (not the
     *     reasoner)
     */
    static ReasonerCounters scrape(GatewayClient http, String base) {
        String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/actuator/prometheus";
        GatewayClient.Answer response;
        try {
            response = http.fetch(url);
        } catch (IOException e) {
            throw new IllegalArgumentException("no reasoner metrics at " + url + " (" + e + ")", e);
        }
        ReasonerCounters counters = parse(response.body());
        if (response.status() != 200 || !counters.values.containsKey("sightline_reasoner_forwards_total{decode}")) {
            throw new IllegalArgumentException("no sightline_reasoner_forwards_total at " + url + " (HTTP "
                    + response.status() + "): --reasoner takes the reasoner's URL as `sightline serve` prints it");
        }
        return counters;
    }

    /** What was added after {@code earlier}, a scrape of the same reasoner. */
    ReasonerCounters since(ReasonerCounters earlier) {
        Map<String, Double> d = new HashMap<>(values);
        earlier.values.forEach((k, v) -> d.merge(k, -v, Double::sum));
        return new ReasonerCounters(d);
    }

    /**
     * {@code f} with the rows per forward, the decode forward's wall and CPU time and the prefix hits these counts
     * give, and, over {@code tasks} tasks, the forwards' CPU per task and the reasoner's process's CPU and JIT
     * compilation time per task (NaN where it exports none).
     */
    BenchFigures applyTo(BenchFigures f, int tasks) {
        Double processNanos = values.get("process_cpu_time_ns_total");
        Double jitMs = values.get("jvm_compilation_time_ms_total");
        return f.withForwards(new BenchFigures.Forwards(
                        ratio(
                                "sightline_reasoner_forward_rows_total{prefill}",
                                "sightline_reasoner_forwards_total{prefill}"),
                        ratio(
                                "sightline_reasoner_forward_rows_total{decode}",
                                "sightline_reasoner_forwards_total{decode}"),
                        1e3
                                * ratio(
                                        "sightline_reasoner_forward_seconds_total{decode}",
                                        "sightline_reasoner_forwards_total{decode}"),
                        1e3
                                * ratio(
                                        "sightline_reasoner_forward_cpu_seconds_total{decode}",
                                        "sightline_reasoner_forwards_total{decode}"),
                        BenchFigures.perCount(
                                1e3
                                        * (value("sightline_reasoner_forward_cpu_seconds_total{prefill}")
                                                + value("sightline_reasoner_forward_cpu_seconds_total{decode}")),
                                tasks),
                        ratio("sightline_reasoner_prefix_hits_total", "sightline_reasoner_prefix_lookups_total")))
                .withCpu(processNanos == null ? Double.NaN : processNanos / 1e6 / tasks, f.clientCpuMs())
                .withJit(jitMs == null ? Double.NaN : jitMs / tasks);
    }

    private double ratio(String numerator, String denominator) {
        return BenchFigures.perCount(value(numerator), value(denominator));
    }

    /** A counter's value, 0 where the reasoner exports none. */
    private double value(String name) {
        return values.getOrDefault(name, 0.0);
    }
}
