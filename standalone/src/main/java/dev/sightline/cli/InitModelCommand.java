package dev.sightline.cli;

import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.preset.ModelInitializer;
import dev.sightline.latent.preset.Preset;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init-model", description = "Write a randomly initialized (seeded) model bundle for a preset.")
final class InitModelCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "tiny", description = "tiny or small (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--out", required = true, description = "bundle directory to write")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "initialization seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        Preset p = Preset.parse(preset);
        long t0 = System.nanoTime();
        ModelInitializer.write(p, seed, out);
        try (ModelBundle bundle = ModelBundle.load(out)) {
            long params = bundle.weights().values().stream()
                    .mapToLong(a -> a.getShape().size())
                    .sum();
            System.out.printf(
                    "wrote %s: preset %s, %,d parameters, vocab %d, seed %d (%.1f s)%n",
                    out,
                    p.name().toLowerCase(),
                    params,
                    bundle.config().vocabSize(),
                    seed,
                    (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }
}
