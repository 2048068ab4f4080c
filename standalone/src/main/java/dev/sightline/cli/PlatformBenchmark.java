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

        BenchFigures run(int tasks, int concurrency) {
            return PlatformBenchmark.run(engine, scheduler, visuals, workload, tasks, concurrency);
        }

        @Override
        public void close() {
            scheduler.close();
            engine.close();
            bundle.close();
        }
    }

    static BenchFigures run(
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
        long jit0 = jitMillis();
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
        return BenchFigures.of(latencies, tasks, seconds, failed[0])
                .withForwards(BenchFigures.Forwards.of(scheduler.stats().since(before), tasks))
                .withCpu((processCpuNanos() - cpu0) / 1e6 / tasks, NaN)
                .withJit((jitMillis() - jit0) / (double) tasks);
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

        BenchFigures run(int tasks, int concurrency) throws Exception {
            return runPlatform(client, via, images, workload, tasks, concurrency);
        }
    }

    private static BenchFigures runPlatform(
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
        return BenchFigures.of(latencies, tasks, seconds, failed.get())
                .withCpu(NaN, (processCpuNanos() - cpu0) / 1e6 / tasks);
    }

    /**
     * This JVM's CPU time so far (every thread: the JIT's and GC's too), in ns. On the engine path it is what the
     * engine costs per task; on the platform path, what the client does (the same machine's cores, under serve).
     */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** This JVM's JIT compilers' time so far, in ms (what the reasoner exports as {@code jvm.compilation.time}). */
    static long jitMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }
}
