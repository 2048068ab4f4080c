package dev.sightline.cli;

import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.preset.ModelInitializer;
import dev.sightline.latent.preset.Preset;
import dev.sightline.latent.session.EngineBenchmark;
import dev.sightline.latent.session.EngineOptions;
import dev.sightline.latent.session.ReasoningEngine;
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
        description = "Benchmarks. `bench engine`: prefill, decode, latent and sketch at batch 1, 4, 16, 64.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "what to measure: engine")
    String target;

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
        if (!target.equals("engine")) {
            throw new IllegalArgumentException("unknown benchmark \"" + target + "\" (expected engine)");
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
}
