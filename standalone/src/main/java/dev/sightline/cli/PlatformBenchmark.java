package dev.sightline.cli;

import static java.lang.Double.NaN;

import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.VisionConfig;
import dev.sightline.latent.sampling.SamplingParams;
import dev.sightline.latent.session.BatchScheduler;
import dev.sightline.latent.session.EngineOptions;
import dev.sightline.latent.session.ForwardStats;
import dev.sightline.latent.session.Mode;
import dev.sightline.latent.session.ReasoningEngine;
import dev.sightline.latent.session.SessionRequest;
import dev.sightline.latent.session.SessionResult;
import dev.sightline.latent.session.StepListener;
import dev.sightline.latent.vision.ImageFrames;
import dev.sightline.latent.vision.VisualTokens;
import dev.sightline.spatial.dataset.SceneOptions;
import dev.sightline.spatial.dataset.SpatialDataset;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.trainer.data.SpatialScenesSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.LongStream;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code bench platform}: the same N tasks ({@link Workload}) run closed-loop at concurrency C, once through a
 * running platform's gateway (submit and wait for the end in one held request, or submit and follow the SSE stream
 * to the result: {@link Client}) and once on the engine in this process (the same continuous-batching scheduler,
 * visual tokens encoded once per frame as the feature cache would). Latency is submit → result; throughput is
 * tasks over the wall time of the timed run.
 */
final class PlatformBenchmark {
    /** One task's frame (PNG bytes) and question. */
    record Task(byte[] png, String question) {}

    /**
     * What the tasks are: their frames and questions, task {@code i} of a run being {@code tasks[i % size]}, and
     * the options every task shares. One task repeated is a lock-step workload (greedy sessions that end on the
     * same step); distinct scenes end on different steps, as a fleet's questions do.
     */
    record Workload(List<Task> tasks, String mode, int latentSteps, int maxTokens) {
        Workload {
            tasks = List.copyOf(tasks);
            if (tasks.isEmpty()) {
                throw new IllegalArgumentException("a workload needs at least one task");
            }
        }

        /** Every task the same frame and question. */
        static Workload oneFrame(Path image, String question, String mode, int latentSteps, int maxTokens)
                throws java.io.IOException {
            return new Workload(List.of(new Task(Files.readAllBytes(image), question)), mode, latentSteps, maxTokens);
        }

        /**
         * The first {@code n} samples of SpatialScenes' {@code test} split, one view each as {@code vision} reads
         * it: {@code n} distinct frames and questions (the families' templates, so several share a question).
         */
        static Workload scenes(VisionConfig vision, int n, String mode, int latentSteps, int maxTokens) {
            SceneOptions oneView = SpatialScenesSource.scenesFor(vision, 1);
            List<Task> tasks = LongStream.range(0, n)
                    .mapToObj(i -> SpatialDataset.sample(Split.TEST, i, oneView))
                    .map(s -> new Task(s.pngs().get(0), s.questionText()))
                    .toList();
            return new Workload(tasks, mode, latentSteps, maxTokens);
        }

        Task task(int i) {
            return tasks.get(i % tasks.size());
        }
    }

    /** Which tasks {@code --workload} runs. */
    enum WorkloadKind {
        /** Every task one frame ({@code --image}) and one question: greedy sessions that end on the same step. */
        FRAME,
        /** {@link Workload#scenes}: distinct frames and questions. */
        SCENES
    }

    /** How the platform path's client learns that a task ended. */
    enum Client {
        /** {@code POST} held with {@code Prefer: wait=N}: one request per task, no steps streamed. */
        WAIT,
        /** {@code POST}, then the task's SSE stream followed to its {@code result} event. */
        SSE
    }

    /**
     * Per-path figures. {@code prefillRows} and {@code decodeRows} are session rows per forward of the
     * scheduler (its batch occupancy), {@code decodeMs} the mean decode forward's time, {@code decodeCpuMs} the
     * scheduler thread's CPU time in it, and {@code prefixHitRatio} the share of prompts that found a cached prefix
     * (NaN where unknown; the platform's are the reasoner's {@code sightline_reasoner_forward_rows_total /
     * sightline_reasoner_forwards_total}, the same with {@code _forward_seconds_total} and
     * {@code _forward_cpu_seconds_total}, and {@code _prefix_hits_total / _prefix_lookups_total}). {@code processCpuMs}
     * is CPU per task of the process that ran the forwards (the engine path: this JVM; the platform: the reasoner's,
     * which under {@code serve} is every service and the broker, not Redis or PostgreSQL), {@code clientCpuMs} this
     * JVM's CPU per task while it drove the platform (NaN on the engine path).
     */
    record Figures(
            double tasksPerS,
            double p50,
            double p95,
            double p99,
            int failed,
            double prefillRows,
            double decodeRows,
            double decodeMs,
            double decodeCpuMs,
            double prefixHitRatio,
            double processCpuMs,
            double clientCpuMs) {
        Figures(double tasksPerS, double p50, double p95, double p99, int failed) {
            this(tasksPerS, p50, p95, p99, failed, NaN, NaN, NaN, NaN, NaN, NaN, NaN);
        }

        /**
         * These figures with the rows per forward, the decode forward's time and the prefix hits of {@code stats},
         * one run's counts.
         */
        Figures withOccupancy(ForwardStats stats) {
            long decodes = stats.forwards(ForwardStats.Kind.DECODE);
            return withForwards(
                    rowsPerForward(stats, ForwardStats.Kind.PREFILL),
                    rowsPerForward(stats, ForwardStats.Kind.DECODE),
                    decodes == 0 ? 0 : 1e3 * stats.seconds(ForwardStats.Kind.DECODE) / decodes,
                    decodes == 0 ? 0 : 1e3 * stats.cpuSeconds(ForwardStats.Kind.DECODE) / decodes,
                    stats.prefixLookups() == 0 ? 0 : stats.prefixHits() / (double) stats.prefixLookups());
        }

        /** These figures with the given rows per forward, decode forward's wall and CPU time and prefix hit ratio. */
        Figures withForwards(
                double prefillRows, double decodeRows, double decodeMs, double decodeCpuMs, double prefixHitRatio) {
            return new Figures(
                    tasksPerS,
                    p50,
                    p95,
                    p99,
                    failed,
                    prefillRows,
                    decodeRows,
                    decodeMs,
                    decodeCpuMs,
                    prefixHitRatio,
                    processCpuMs,
                    clientCpuMs);
        }

        /** These figures with the given CPU per task of the forwards' process and of the client (NaN: not known). */
        Figures withCpu(double processCpuMs, double clientCpuMs) {
            return new Figures(
                    tasksPerS,
                    p50,
                    p95,
                    p99,
                    failed,
                    prefillRows,
                    decodeRows,
                    decodeMs,
                    decodeCpuMs,
                    prefixHitRatio,
                    processCpuMs,
                    clientCpuMs);
        }

        private static double rowsPerForward(ForwardStats stats, ForwardStats.Kind kind) {
            long n = stats.forwards(kind);
            return n == 0 ? 0 : stats.rows(kind) / (double) n;
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
    }

    private PlatformBenchmark() {}

    /**
     * The in-process path: owns its engine and one scheduler, so that repeated runs reuse the loaded model and
     * find the prefix cache as warm as a running reasoner's. Each distinct frame is encoded once, as the feature
     * cache would.
     */
    static final class InProcess implements AutoCloseable {
        private final ModelBundle bundle;
        private final ReasoningEngine engine;
        private final BatchScheduler scheduler;
        private final Workload workload;
        /** Each task's visual tokens, in {@link Workload#tasks()} order. */
        private final List<VisualTokens> visuals;

        /** Loads {@code model} and encodes the frames of the workload it reads them for. */
        InProcess(Path model, Function<VisionConfig, Workload> workloadFor) {
            this.bundle = ModelBundle.load(model);
            this.engine = new ReasoningEngine(bundle, EngineOptions.defaults());
            this.scheduler = new BatchScheduler(engine);
            this.workload = workloadFor.apply(engine.vision().config());
            this.visuals = workload.tasks().stream()
                    .map(t -> engine.vision().encode(List.of(ImageFrames.decode(t.png(), "a bench frame"))))
                    .toList();
        }

        Workload workload() {
            return workload;
        }

        Figures run(int tasks, int concurrency) {
            return PlatformBenchmark.run(engine, scheduler, visuals, workload, tasks, concurrency);
        }

        @Override
        public void close() {
            scheduler.close();
            engine.close();
            bundle.close();
        }
    }

    static Figures run(
            ReasoningEngine engine,
            BatchScheduler scheduler,
            List<VisualTokens> visuals,
            Workload w,
            int tasks,
            int concurrency) {
        double[] latencies = new double[tasks];
        int[] failed = {0};
        AtomicInteger finished = new AtomicInteger();
        ForwardStats before = scheduler.stats().snapshot();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        int submitted = 0;
        while (finished.get() < tasks) {
            while (submitted < tasks && submitted - finished.get() < concurrency) {
                int i = submitted++;
                long start = System.nanoTime();
                var request = new SessionRequest(
                        "bench-" + i,
                        w.task(i).question(),
                        null,
                        visuals.get(i % visuals.size()),
                        Mode.parse(w.mode()),
                        w.latentSteps(),
                        Mode.parse(w.mode()).latentBeforeEachStepByDefault(),
                        w.maxTokens(),
                        new SamplingParams(0, 0, 1, i));
                scheduler.submit(engine.newSession(request, new StepListener() {
                    @Override
                    public void onStep(dev.sightline.latent.session.Step step) {}

                    @Override
                    public void onFinish(SessionResult result) {
                        latencies[i] = (System.nanoTime() - start) / 1e6;
                        if (result.status() != SessionResult.Status.COMPLETED) {
                            failed[0]++;
                        }
                        finished.incrementAndGet();
                    }
                }));
            }
            scheduler.step();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return figures(latencies, tasks, seconds, failed[0])
                .withOccupancy(scheduler.stats().since(before))
                .withCpu((processCpuNanos() - cpu0) / 1e6 / tasks, NaN);
    }

    /** The platform path: tasks submitted to the gateway, their end awaited as {@code via} says. */
    static final class ThroughGateway {
        private final GatewayClient client;
        private final List<String> images;
        private final Workload workload;
        private final Client via;

        ThroughGateway(GatewayClient client, Workload w, Client via) {
            this.client = client;
            this.images = w.tasks().stream()
                    .map(t -> Base64.getEncoder().encodeToString(t.png()))
                    .toList();
            this.workload = w;
            this.via = via;
        }

        Figures run(int tasks, int concurrency) throws Exception {
            return runPlatform(client, via, images, workload, tasks, concurrency);
        }
    }

    private static Figures runPlatform(
            GatewayClient client, Client via, List<String> images, Workload w, int tasks, int concurrency)
            throws Exception {
        double[] latencies = new double[tasks];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                        ObjectNode body = client.json().createObjectNode();
                        body.put("question", w.task(i).question());
                        body.putArray("images").add(images.get(i % images.size()));
                        body.put("mode", w.mode());
                        body.put("latent_steps", w.latentSteps());
                        body.put("max_tokens", w.maxTokens());
                        body.put("seed", i);
                        long start = System.nanoTime();
                        var result = via == Client.WAIT
                                ? client.submitAndWait(body, null)
                                : client.follow(client.submit(body).get("id").asString(), e -> {});
                        latencies[i] = (System.nanoTime() - start) / 1e6;
                        if (!result.get("status").asString().equals("COMPLETED")) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return figures(latencies, tasks, seconds, failed.get()).withCpu(NaN, (processCpuNanos() - cpu0) / 1e6 / tasks);
    }

    /**
     * This JVM's CPU time so far (every thread: the JIT's and GC's too), in ns. On the engine path it is what the
     * engine costs per task; on the platform path, what the client does (the same machine's cores, under serve).
     */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Per figure, the median over runs (failures: the sum). */
    static Figures median(List<Figures> runs) {
        return new Figures(
                med(runs.stream().mapToDouble(Figures::tasksPerS).toArray()),
                med(runs.stream().mapToDouble(Figures::p50).toArray()),
                med(runs.stream().mapToDouble(Figures::p95).toArray()),
                med(runs.stream().mapToDouble(Figures::p99).toArray()),
                runs.stream().mapToInt(Figures::failed).sum(),
                med(runs.stream().mapToDouble(Figures::prefillRows).toArray()),
                med(runs.stream().mapToDouble(Figures::decodeRows).toArray()),
                med(runs.stream().mapToDouble(Figures::decodeMs).toArray()),
                med(runs.stream().mapToDouble(Figures::decodeCpuMs).toArray()),
                med(runs.stream().mapToDouble(Figures::prefixHitRatio).toArray()),
                med(runs.stream().mapToDouble(Figures::processCpuMs).toArray()),
                med(runs.stream().mapToDouble(Figures::clientCpuMs).toArray()));
    }

    /** The median; of an even count, the mean of the middle two (not the upper one: two pairs are common). */
    static double med(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static Figures figures(double[] latencies, int tasks, double seconds, int failed) {
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Figures(
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
