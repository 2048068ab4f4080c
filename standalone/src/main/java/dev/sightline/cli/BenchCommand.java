package dev.sightline.cli;

import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.preset.ModelInitializer;
import dev.sightline.latent.preset.Preset;
import dev.sightline.latent.session.EngineBenchmark;
import dev.sightline.latent.session.EngineOptions;
import dev.sightline.latent.session.ReasoningEngine;
import dev.sightline.latent.text.TorchThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@Command(
        name = "bench",
        description = "Benchmarks. `bench engine`: prefill, decode, latent and sketch at batch 1, 4, 16, 64. "
                + "`bench platform`: the same tasks through a running platform's gateway and through the engine "
                + "in-process; throughput, latency percentiles and their ratio.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "what to measure: engine or platform")
    String target;

    @Option(
            names = "--gateway",
            defaultValue = "http://localhost:8080",
            description = "platform: gateway URL (default: ${DEFAULT-VALUE})")
    String gateway;

    @Option(names = "--api-key", description = "platform: API key (printed by `sightline serve`)")
    String apiKey;

    @Option(
            names = "--tasks",
            defaultValue = "64",
            description = "platform: timed tasks per path (default: ${DEFAULT-VALUE})")
    int tasks;

    @Option(
            names = "--concurrency",
            defaultValue = "16",
            description = "platform: tasks in flight (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(
            names = "--model",
            description =
                    "platform: the bundle the platform serves, for the in-process path (default: the shipped model)")
    Path model;

    @Option(
            names = "--workload",
            defaultValue = "frame",
            description = "platform: frame (every task the same frame, --image, and question: greedy tasks that end"
                    + " on the same step) or scenes (the first --tasks samples of SpatialScenes' test split, one"
                    + " view each: distinct frames and questions) (default: ${DEFAULT-VALUE})")
    PlatformBenchmark.WorkloadKind workload;

    @Option(
            names = "--image",
            description = "platform, --workload frame: the frame of every task (default: docs/examples/scene.png)")
    Path image;

    @Option(names = "--mode", defaultValue = "latent", description = "platform: task mode (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--latent-steps", defaultValue = "4", description = "platform: K (default: ${DEFAULT-VALUE})")
    int latentSteps;

    @Option(
            names = "--max-tokens",
            defaultValue = "64",
            description = "platform: max_tokens (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(
            names = "--warm-up",
            defaultValue = "64",
            description = "platform: untimed tasks first, per path (default: ${DEFAULT-VALUE})")
    int warmUp;

    @Option(
            names = "--client",
            defaultValue = "wait",
            description = "platform: how the bench client learns a task ended — wait (the POST held with"
                    + " `Prefer: wait`, one request per task) or sse (POST, then the SSE stream followed to the"
                    + " result) (default: ${DEFAULT-VALUE})")
    PlatformBenchmark.Client client;

    @Option(
            names = "--reasoner",
            description = "platform: the reasoner's URL, as `sightline serve` prints it; the platform's figures then"
                    + " gain its rows and time per forward over each run, read from its Prometheus counters")
    String reasoner;

    @Option(names = "--preset", defaultValue = "tiny", description = "tiny or small (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--json", description = "one JSON object per line per measurement")
    boolean json;

    @Option(
            names = "--batches",
            split = ",",
            defaultValue = "1,4,16,64",
            description = "batch sizes (default: ${DEFAULT-VALUE})")
    List<Integer> batches;

    @Option(
            names = "--phases",
            split = ",",
            defaultValue = "prefill,decode,latent,sketch,encode",
            description = "phases to measure (default: ${DEFAULT-VALUE})")
    List<String> phases;

    @Option(
            names = "--iterations",
            defaultValue = "100",
            description = "timed steps per measurement (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(
            names = "--repeat",
            defaultValue = "3",
            description = "measurements per phase and batch; the median is printed (default: ${DEFAULT-VALUE})")
    int repeat;

    private static EngineBenchmark.Measurement measure(EngineBenchmark bench, String phase, int batch) {
        return switch (phase) {
            case "prefill" -> bench.prefill(batch);
            case "decode" -> bench.decode(batch);
            case "latent" -> bench.latent(batch);
            case "encode" -> bench.encode(batch);
            case "sketch" -> bench.sketch(batch);
            default ->
                throw new IllegalArgumentException(
                        "unknown phase \"" + phase + "\" (expected prefill, decode, latent, sketch, encode)");
        };
    }

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be >= 1");
        }
        if (target.equals("platform")) {
            return platform();
        }
        if (!target.equals("engine")) {
            throw new IllegalArgumentException("unknown benchmark \"" + target + "\" (expected engine or platform)");
        }
        Preset p = Preset.parse(preset);
        Path dir = Files.createTempDirectory("sightline-bench-");
        ModelInitializer.write(p, 0, dir);
        JsonMapper mapper = JsonMapper.builder().build();
        try (ModelBundle bundle = ModelBundle.load(dir);
                ReasoningEngine engine = new ReasoningEngine(bundle, EngineOptions.defaults())) {
            EngineBenchmark bench = new EngineBenchmark(engine, 50, iterations);
            bench.warmUp();
            for (String phase : phases) {
                for (int b : batches) {
                    if (!json) {
                        System.err.printf("measuring %s at batch %d ...%n", phase, b);
                    }
                    List<EngineBenchmark.Measurement> runs = new java.util.ArrayList<>();
                    for (int r = 0; r < repeat; r++) {
                        runs.add(measure(bench, phase, b));
                    }
                    // The median run: one slow or fast outlier on a shared machine does not move it.
                    runs.sort(java.util.Comparator.comparingDouble(EngineBenchmark.Measurement::msPerStep));
                    EngineBenchmark.Measurement m = runs.get(runs.size() / 2);
                    ObjectNode o = mapper.createObjectNode();
                    o.put("preset", p.name().toLowerCase());
                    o.put("phase", m.phase());
                    o.put("batch", m.batch());
                    o.put("tokens_per_s", Math.round(m.tokensPerS() * 10) / 10.0);
                    o.put("ms_per_step", Math.round(m.msPerStep() * 1000) / 1000.0);
                    o.put("peak_rss_mb", m.peakRssMb());
                    System.out.println(
                            json
                                    ? mapper.writeValueAsString(o)
                                    : String.format(
                                            "%-8s batch %3d  %10.1f tokens/s  %8.3f ms/step  rss %d MB",
                                            m.phase(), m.batch(), m.tokensPerS(), m.msPerStep(), m.peakRssMb()));
                    System.out.flush();
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
        return 0;
    }

    private int platform() throws Exception {
        if (apiKey == null) {
            throw new IllegalArgumentException("bench platform needs --api-key (printed by `sightline serve`)");
        }
        if (tasks < 1 || concurrency < 1 || warmUp < 0) {
            throw new IllegalArgumentException("--tasks and --concurrency must be >= 1, --warm-up >= 0");
        }
        Path dir = model != null ? model : RunCommand.SHIPPED_MODEL;
        Path frame = image != null
                ? image
                : Path.of(System.getProperty("sightline.home", "."), "docs", "examples", "scene.png");
        boolean scenes = workload == PlatformBenchmark.WorkloadKind.SCENES;
        if (scenes && image != null) {
            throw new IllegalArgumentException("--image is the frame workload's; scenes brings its own frames");
        }
        var gatewayClient = new GatewayClient(gateway, apiKey);
        gatewayClient.requireReachable(); // before the model loads and the warm-up runs
        if (reasoner != null) {
            ReasonerCounters.scrape(gatewayClient, reasoner); // the same: a wrong URL fails now, not after the warm-up
        }
        // The engine path runs on as many libtorch threads as serve's reasoner: the ratio compares the pipeline,
        // not two thread counts (on 2 cores one thread is also the engine's faster setting, docs/benchmarks.md).
        ServeCommand.leaveTheRestACore();
        // Pairs run back to back and medians are reported: on a shared machine the noise between two runs a
        // minute apart is larger than the difference being measured.
        List<BenchFigures> engines = new java.util.ArrayList<>();
        List<BenchFigures> platforms = new java.util.ArrayList<>();
        List<Double> ratios = new java.util.ArrayList<>();
        var oneFrame = scenes
                ? null
                : PlatformBenchmark.Workload.oneFrame(
                        frame, "How many red objects can you see?", mode, latentSteps, maxTokens);
        try (gatewayClient;
                var inProcess = new PlatformBenchmark.InProcess(
                        dir,
                        vision -> scenes
                                ? PlatformBenchmark.Workload.scenes(vision, tasks, mode, latentSteps, maxTokens)
                                : oneFrame)) {
            var viaGateway = new PlatformBenchmark.ThroughGateway(gatewayClient, inProcess.workload(), client);
            if (warmUp > 0) {
                System.err.printf("warm-up: %d tasks per path ...%n", warmUp);
                inProcess.run(warmUp, concurrency);
                viaGateway.run(warmUp, concurrency);
            }
            for (int r = 0; r < repeat; r++) {
                var e = inProcess.run(tasks, concurrency);
                var before = reasoner == null ? null : ReasonerCounters.scrape(gatewayClient, reasoner);
                var pl = viaGateway.run(tasks, concurrency);
                if (before != null) {
                    pl = ReasonerCounters.scrape(gatewayClient, reasoner)
                            .since(before)
                            .applyTo(pl, tasks);
                }
                engines.add(e);
                platforms.add(pl);
                ratios.add(pl.tasksPerS() / e.tasksPerS());
                System.err.printf(
                        "run %d/%d: engine %.2f tasks/s p50 %.0f ms | platform %.2f tasks/s p50 %.0f ms | ratio %.3f%n",
                        r + 1, repeat, e.tasksPerS(), e.p50(), pl.tasksPerS(), pl.p50(), ratios.get(r));
            }
        }
        var engine = BenchFigures.median(engines);
        var platform = BenchFigures.median(platforms);
        double ratio = BenchFigures.med(
                ratios.stream().mapToDouble(Double::doubleValue).toArray());
        double added = platform.p50() - engine.p50();
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode o = mapper.createObjectNode();
        o.put("tasks", tasks);
        o.put("concurrency", concurrency);
        o.put("repeat", repeat);
        o.put("client", client.name().toLowerCase(java.util.Locale.ROOT));
        o.put("workload", workload.name().toLowerCase(java.util.Locale.ROOT));
        o.put("mode", mode);
        o.put("latent_steps", latentSteps);
        o.put("max_tokens", maxTokens);
        o.put("torch_threads", TorchThreads.ceiling());
        o.put("torch_cpu_capability", ServeCommand.torchCpuCapability()); // the reasoner under serve shares it
        engine.json(o.putObject("engine"));
        platform.json(o.putObject("platform"));
        o.put("ratio", BenchFigures.round(ratio, 3));
        o.put("added_p50_ms", BenchFigures.round(added, 1));
        if (json) {
            System.out.println(mapper.writeValueAsString(o));
        } else {
            System.out.printf(
                    "engine    %7.2f tasks/s  p50 %7.1f  p95 %7.1f  p99 %7.1f ms  (rows per forward: prefill %.1f,"
                            + " decode %.1f; prompts with a cached prefix %.0f %%)%n",
                    engine.tasksPerS(),
                    engine.p50(),
                    engine.p95(),
                    engine.p99(),
                    engine.forwards().prefillRows(),
                    engine.forwards().decodeRows(),
                    100 * engine.forwards().prefixHitRatio());
            System.out.printf(
                    "platform  %7.2f tasks/s  p50 %7.1f  p95 %7.1f  p99 %7.1f ms%s%n",
                    platform.tasksPerS(),
                    platform.p50(),
                    platform.p95(),
                    platform.p99(),
                    reasoner == null
                            ? ""
                            : String.format(
                                    "  (rows per forward: prefill %.1f, decode %.1f; decode forward %.2f ms, %.2f of"
                                            + " them on a core)",
                                    platform.forwards().prefillRows(),
                                    platform.forwards().decodeRows(),
                                    platform.forwards().decodeMs(),
                                    platform.forwards().decodeCpuMs()));
            System.out.printf("ratio %.3f (median of %d pairs), added p50 %.1f ms%n", ratio, repeat, added);
            System.out.printf(
                    "CPU per task: engine path %.1f ms (its forwards %.1f ms; a decode forward %.2f ms; its JIT %.1f"
                            + " ms); platform client %.1f ms%s%n",
                    engine.processCpuMs(),
                    engine.forwards().forwardCpuMs(),
                    engine.forwards().decodeCpuMs(),
                    engine.processJitMs(),
                    platform.clientCpuMs(),
                    reasoner == null
                            ? ""
                            : String.format(
                                    ", reasoner's process %.1f ms (its forwards %.1f ms; its JIT %.1f ms)",
                                    platform.processCpuMs(),
                                    platform.forwards().forwardCpuMs(),
                                    platform.processJitMs()));
        }
        return 0;
    }
}
