package dev.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.preset.Preset;
import dev.sightline.spatial.dataset.SceneOptions;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.trainer.data.SpatialScenesSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static final SpatialScenesSource DATA = new SpatialScenesSource(Split.TRAIN, new SceneOptions(64, 2, 8));

    @TempDir
    Path tmp;

    private TrainOptions options(Recipe recipe, String dir, long steps) {
        TrainOptions d = TrainOptions.defaults(Preset.TINY, recipe, tmp.resolve(dir));
        return new TrainOptions(
                Preset.TINY,
                recipe,
                tmp.resolve(dir),
                0,
                steps,
                5,
                false,
                2,
                2e-3,
                0.5,
                10,
                d.weightDecay(),
                1.0,
                2,
                -1,
                0.5,
                0.5);
    }

    @Test
    void aShortPlainSftRunLowersTheLossAndWritesABundle() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Trainer trainer = new Trainer(options(Recipe.VANILLA, "vanilla", 24), DATA, new PrintStream(log, true));
        Trainer.Result result = trainer.run();
        assertEquals(24, result.steps());
        String text = log.toString();
        double first = firstLoss(text);
        assertTrue(
                result.lastLoss() < first * 0.8,
                "loss did not fall: " + first + " -> " + result.lastLoss() + "\n" + text);
        try (ModelBundle bundle = ModelBundle.load(result.bundle())) {
            assertTrue(Files.size(result.bundle().resolve("model.safetensors")) < 25_000_000);
            assertEquals(Preset.TINY.vocabSize(), bundle.config().vocabSize());
        }
    }

    @Test
    void aValrRunKilledAfterACheckpointResumesToTheSameWeights() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Trainer straight = new Trainer(options(Recipe.VALR, "straight", 6), DATA, quiet);
        straight.run();

        TrainOptions o = options(Recipe.VALR, "killed", 6);
        Trainer first = new Trainer(o, DATA, quiet);
        first.stopAfterSteps = 4; // into stage 2: latents and alignment
        assertEquals(4, first.run().steps());
        TrainOptions resumed = o.resuming(true);
        assertEquals(6, new Trainer(resumed, DATA, quiet).run().steps());

        try (ModelBundle a = ModelBundle.load(tmp.resolve("straight/checkpoint"));
                ModelBundle b = ModelBundle.load(tmp.resolve("killed/checkpoint"))) {
            a.weights().forEach((name, w) -> {
                float[] x = w.toFloatArray();
                float[] y = b.weight(name).toFloatArray();
                double max = 0;
                for (int i = 0; i < x.length; i++) {
                    max = Math.max(max, Math.abs(x[i] - y[i]));
                }
                // The module's tests run libtorch on one thread (pom), so the runs are reproducible; with
                // several threads, backward sums vary in order and Adam, which normalizes each update, turns
                // that noise into ~1e-3 differences. A resume that lost the moments, psi or the data order
                // moves weights by about lr = 2e-3 per step.
                assertTrue(max < 1e-4, name + " differs by " + max);
            });
        }
        assertArrayEquals(
                Files.readAllBytes(tmp.resolve("straight/tokenizer.json")),
                Files.readAllBytes(tmp.resolve("killed/tokenizer.json")));
    }

    private static double firstLoss(String log) {
        for (String line : log.split("\n")) {
            int at = line.indexOf(" loss ");
            if (line.startsWith("step ") && at > 0) {
                return Double.parseDouble(line.substring(at + 6).split(" ")[0]);
            }
        }
        throw new AssertionError("no progress line in:\n" + log);
    }
}
