package dev.sightline.cli;

import static java.lang.Double.NaN;

import dev.sightline.latent.session.ForwardStats;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per-path figures. {@code prefillRows} and {@code decodeRows} are session rows per forward of the
 * scheduler (its batch occupancy), {@code decodeMs} the mean decode forward's time, {@code decodeCpuMs} the
 * scheduler thread's CPU time in it, {@code forwardCpuMs} that thread's CPU time in forwards of either kind per task
 * (what a task costs the scheduler, the prefills included), and {@code prefixHitRatio} the share of prompts that found
 * a cached prefix (NaN where unknown; the platform's are the reasoner's {@code sightline_reasoner_forward_rows_total /
 * sightline_reasoner_forwards_total}, the same with {@code _forward_seconds_total} and
 * {@code _forward_cpu_seconds_total}, and {@code _prefix_hits_total / _prefix_lookups_total}). {@code processCpuMs}
 * is CPU per task of the process that ran the forwards (the engine path: this JVM; the platform: the reasoner's,
 * which under {@code serve} is every service and the broker, not Redis or PostgreSQL), {@code clientCpuMs} this
 * JVM's CPU per task while it drove the platform (NaN on the engine path).
 */
record BenchFigures(
        double tasksPerS,
        double p50,
        double p95,
        double p99,
        int failed,
        double prefillRows,
        double decodeRows,
        double decodeMs,
        double decodeCpuMs,
        double forwardCpuMs,
        double prefixHitRatio,
        double processCpuMs,
        double clientCpuMs) {
    BenchFigures(double tasksPerS, double p50, double p95, double p99, int failed) {
        this(tasksPerS, p50, p95, p99, failed, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN);
    }

    /**
     * These figures with the rows per forward, the decode forward's time, the forwards' CPU per task and the prefix
     * hits of {@code stats}, one run's counts over its {@code tasks} tasks.
     */
    BenchFigures withOccupancy(ForwardStats stats, int tasks) {
        ForwardStats.Kind decode = ForwardStats.Kind.DECODE;
        return withForwards(
                rowsPerForward(stats, ForwardStats.Kind.PREFILL),
                rowsPerForward(stats, decode),
                msPerForward(stats.seconds(decode), stats.forwards(decode)),
                msPerForward(stats.cpuSeconds(decode), stats.forwards(decode)),
                msPerForward(stats.cpuSeconds(ForwardStats.Kind.PREFILL) + stats.cpuSeconds(decode), tasks),
                stats.prefixLookups() == 0 ? 0 : stats.prefixHits() / (double) stats.prefixLookups());
    }

    /**
     * These figures with the given rows per forward, decode forward's wall and CPU time, forwards' CPU per task and
     * prefix hit ratio.
     */
    BenchFigures withForwards(
            double prefillRows,
            double decodeRows,
            double decodeMs,
            double decodeCpuMs,
            double forwardCpuMs,
            double prefixHitRatio) {
        return with(
                prefillRows,
                decodeRows,
                decodeMs,
                decodeCpuMs,
                forwardCpuMs,
                prefixHitRatio,
                processCpuMs,
                clientCpuMs);
    }

    /** These figures with the given CPU per task of the forwards' process and of the client (NaN: not known). */
    BenchFigures withCpu(double processCpuMs, double clientCpuMs) {
        return with(
                prefillRows,
                decodeRows,
                decodeMs,
                decodeCpuMs,
                forwardCpuMs,
                prefixHitRatio,
                processCpuMs,
                clientCpuMs);
    }

    /** The client's own figures (throughput, latencies, failures) with the given scheduler and CPU figures. */
    private BenchFigures with(
            double prefillRows,
            double decodeRows,
            double decodeMs,
            double decodeCpuMs,
            double forwardCpuMs,
            double prefixHitRatio,
            double processCpuMs,
            double clientCpuMs) {
        return new BenchFigures(
                tasksPerS,
                p50,
                p95,
                p99,
                failed,
                prefillRows,
                decodeRows,
                decodeMs,
                decodeCpuMs,
                forwardCpuMs,
                prefixHitRatio,
                processCpuMs,
                clientCpuMs);
    }

    private static double rowsPerForward(ForwardStats stats, ForwardStats.Kind kind) {
        long n = stats.forwards(kind);
        return n == 0 ? 0 : stats.rows(kind) / (double) n;
    }

    /** Milliseconds per forward, or per task. */
    private static double msPerForward(double seconds, long count) {
        return count == 0 ? 0 : 1e3 * seconds / count;
    }

    ObjectNode json(ObjectNode o) {
        o.put("tasks_per_s", round(tasksPerS, 2));
        o.put("p50_ms", round(p50, 1));
        o.put("p95_ms", round(p95, 1));
        o.put("p99_ms", round(p99, 1));
        o.put("failed", failed);
        if (!Double.isNaN(prefillRows)) {
            o.put("prefill_rows_per_forward", round(prefillRows, 2));
            o.put("decode_rows_per_forward", round(decodeRows, 2));
            o.put("decode_ms_per_forward", round(decodeMs, 2));
            o.put("decode_cpu_ms_per_forward", round(decodeCpuMs, 2));
            o.put("forward_cpu_ms_per_task", round(forwardCpuMs, 2));
            o.put("prefix_hit_ratio", round(prefixHitRatio, 3));
        }
        if (!Double.isNaN(processCpuMs)) {
            o.put("process_cpu_ms_per_task", round(processCpuMs, 2));
        }
        if (!Double.isNaN(clientCpuMs)) {
            o.put("client_cpu_ms_per_task", round(clientCpuMs, 2));
        }
        return o;
    }

    /** Per figure, the median over runs (failures: the sum). */
    static BenchFigures median(List<BenchFigures> runs) {
        return new BenchFigures(
                med(runs.stream().mapToDouble(BenchFigures::tasksPerS).toArray()),
                med(runs.stream().mapToDouble(BenchFigures::p50).toArray()),
                med(runs.stream().mapToDouble(BenchFigures::p95).toArray()),
                med(runs.stream().mapToDouble(BenchFigures::p99).toArray()),
                runs.stream().mapToInt(BenchFigures::failed).sum(),
                med(runs.stream().mapToDouble(BenchFigures::prefillRows).toArray()),
                med(runs.stream().mapToDouble(BenchFigures::decodeRows).toArray()),
                med(runs.stream().mapToDouble(BenchFigures::decodeMs).toArray()),
                med(runs.stream().mapToDouble(BenchFigures::decodeCpuMs).toArray()),
                med(runs.stream().mapToDouble(BenchFigures::forwardCpuMs).toArray()),
                med(runs.stream().mapToDouble(BenchFigures::prefixHitRatio).toArray()),
                med(runs.stream().mapToDouble(BenchFigures::processCpuMs).toArray()),
                med(runs.stream().mapToDouble(BenchFigures::clientCpuMs).toArray()));
    }

    /** The median; of an even count, the mean of the middle two (not the upper one: two pairs are common). */
    static double med(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static BenchFigures of(double[] latencies, int tasks, double seconds, int failed) {
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new BenchFigures(
                tasks / seconds, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), failed);
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
