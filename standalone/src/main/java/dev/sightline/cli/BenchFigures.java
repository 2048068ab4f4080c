package dev.sightline.cli;

import static java.lang.Double.NaN;

import dev.sightline.latent.session.ForwardStats;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per-path figures: the client's own (throughput, latency percentiles, failures), the scheduler's
 * ({@link Forwards}, {@link Forwards#UNKNOWN} where not measured), and {@code processCpuMs}, the CPU per task of the
 * process that ran the forwards (the engine path: this JVM; the platform: the reasoner's, which under {@code serve} is
 * every service and the broker, not Redis or PostgreSQL), {@code clientCpuMs}, this JVM's CPU per task while it
 * drove the platform (NaN where unknown: the engine path has no client), and {@code processJitMs}, the time that
 * process's JIT compilers spent per task (HotSpot's total compilation time: a JVM still warming up spends a share of
 * the cores on compiling that a warm one does not; the compilers' wall time, so on a busy host more than their CPU).
 */
record BenchFigures(
        double tasksPerS,
        double p50,
        double p95,
        double p99,
        int failed,
        Forwards forwards,
        double processCpuMs,
        double clientCpuMs,
        double processJitMs) {
    BenchFigures(double tasksPerS, double p50, double p95, double p99, int failed) {
        this(tasksPerS, p50, p95, p99, failed, Forwards.UNKNOWN, NaN, NaN, NaN);
    }

    /**
     * The scheduler's figures over one run. {@code prefillRows} and {@code decodeRows} are session rows per forward
     * (its batch occupancy), {@code decodeMs} the mean decode forward's time, {@code decodeCpuMs} the scheduler
     * thread's CPU time in it, {@code forwardCpuMs} that thread's CPU time in forwards of either kind per task (what a
     * task costs the scheduler, the prefills included), and {@code prefixHitRatio} the share of prompts that found a
     * cached prefix. The platform's come from the reasoner's {@code sightline_reasoner_forward_rows_total /
     * sightline_reasoner_forwards_total}, the same with {@code _forward_seconds_total} and
     * {@code _forward_cpu_seconds_total}, and {@code _prefix_hits_total / _prefix_lookups_total}.
     */
    record Forwards(
            double prefillRows,
            double decodeRows,
            double decodeMs,
            double decodeCpuMs,
            double forwardCpuMs,
            double prefixHitRatio) {
        static final Forwards UNKNOWN = new Forwards(NaN, NaN, NaN, NaN, NaN, NaN);

        /** The figures of {@code stats}, one run's counts over its {@code tasks} tasks. */
        static Forwards of(ForwardStats stats, int tasks) {
            ForwardStats.Kind prefill = ForwardStats.Kind.PREFILL;
            ForwardStats.Kind decode = ForwardStats.Kind.DECODE;
            return new Forwards(
                    perCount(stats.rows(prefill), stats.forwards(prefill)),
                    perCount(stats.rows(decode), stats.forwards(decode)),
                    perCount(1e3 * stats.seconds(decode), stats.forwards(decode)),
                    perCount(1e3 * stats.cpuSeconds(decode), stats.forwards(decode)),
                    perCount(1e3 * (stats.cpuSeconds(prefill) + stats.cpuSeconds(decode)), tasks),
                    perCount(stats.prefixHits(), stats.prefixLookups()));
        }

        boolean known() {
            return !Double.isNaN(prefillRows);
        }

        static Forwards median(List<Forwards> runs) {
            return new Forwards(
                    med(runs, Forwards::prefillRows),
                    med(runs, Forwards::decodeRows),
                    med(runs, Forwards::decodeMs),
                    med(runs, Forwards::decodeCpuMs),
                    med(runs, Forwards::forwardCpuMs),
                    med(runs, Forwards::prefixHitRatio));
        }
    }

    /** These figures with the scheduler's. */
    BenchFigures withForwards(Forwards f) {
        return new BenchFigures(tasksPerS, p50, p95, p99, failed, f, processCpuMs, clientCpuMs, processJitMs);
    }

    /** These figures with the given CPU per task of the forwards' process and of the client (NaN: not known). */
    BenchFigures withCpu(double processCpuMs, double clientCpuMs) {
        return new BenchFigures(tasksPerS, p50, p95, p99, failed, forwards, processCpuMs, clientCpuMs, processJitMs);
    }

    /** These figures with the forwards' process's JIT compilation time per task (NaN: not known). */
    BenchFigures withJit(double processJitMs) {
        return new BenchFigures(tasksPerS, p50, p95, p99, failed, forwards, processCpuMs, clientCpuMs, processJitMs);
    }

    /** {@code amount} per one of {@code count}; 0 when there were none. */
    static double perCount(double amount, double count) {
        return count == 0 ? 0 : amount / count;
    }

    ObjectNode json(ObjectNode o) {
        o.put("tasks_per_s", round(tasksPerS, 2));
        o.put("p50_ms", round(p50, 1));
        o.put("p95_ms", round(p95, 1));
        o.put("p99_ms", round(p99, 1));
        o.put("failed", failed);
        if (forwards.known()) {
            o.put("prefill_rows_per_forward", round(forwards.prefillRows(), 2));
            o.put("decode_rows_per_forward", round(forwards.decodeRows(), 2));
            o.put("decode_ms_per_forward", round(forwards.decodeMs(), 2));
            o.put("decode_cpu_ms_per_forward", round(forwards.decodeCpuMs(), 2));
            o.put("forward_cpu_ms_per_task", round(forwards.forwardCpuMs(), 2));
            o.put("prefix_hit_ratio", round(forwards.prefixHitRatio(), 3));
        }
        if (!Double.isNaN(processCpuMs)) {
            o.put("process_cpu_ms_per_task", round(processCpuMs, 2));
        }
        if (!Double.isNaN(clientCpuMs)) {
            o.put("client_cpu_ms_per_task", round(clientCpuMs, 2));
        }
        if (!Double.isNaN(processJitMs)) {
            o.put("process_jit_ms_per_task", round(processJitMs, 2));
        }
        return o;
    }

    /** Per figure, the median over runs (failures: the sum). */
    static BenchFigures median(List<BenchFigures> runs) {
        return new BenchFigures(
                med(runs, BenchFigures::tasksPerS),
                med(runs, BenchFigures::p50),
                med(runs, BenchFigures::p95),
                med(runs, BenchFigures::p99),
                runs.stream().mapToInt(BenchFigures::failed).sum(),
                Forwards.median(runs.stream().map(BenchFigures::forwards).toList()),
                med(runs, BenchFigures::processCpuMs),
                med(runs, BenchFigures::clientCpuMs),
                med(runs, BenchFigures::processJitMs));
    }

    private static <T> double med(List<T> runs, ToDoubleFunction<T> figure) {
        return med(runs.stream().mapToDouble(figure).toArray());
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
