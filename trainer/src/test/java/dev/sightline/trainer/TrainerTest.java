package dev.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.Safetensors;
import dev.sightline.latent.preset.Preset;
import dev.sightline.spatial.dataset.SceneOptions;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.trainer.checkpoint.TrainerState;
import dev.sightline.trainer.data.SpatialScenesSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTest {
    static final SpatialScenesSource DATA = new SpatialScenesSource(Split.TRAIN, new SceneOptions(64, 2, 8));

    @TempDir
    Path tmp;

    private TrainOptions options(Recipe recipe, String dir, long steps) {
        return options(recipe, tmp.resolve(dir), steps);
    }

    static TrainOptions options(Recipe recipe, Path out, long steps) {
        return builder(recipe, out, steps).build();
    }

    static TrainOptionsBuilder builder(Recipe recipe, Path out, long steps) {
        return TrainOptions.builder(Preset.TINY, recipe, out)
                .minutes(0)
                .steps(steps)
                .seed(5)
                .batch(2)
                .lr(2e-3)
                .latentSteps(List.of(2))
                .visionSteps(0); // its own test below; two minutes here per run
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
    void aFrozenVisionTowerLeavesTrainingBitForBitAsItStarted() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainOptions o = TrainOptions.builder(Preset.TINY, Recipe.VANILLA, tmp.resolve("frozen"))
                .minutes(0)
                .steps(6)
                .seed(5)
                .batch(2)
                .lr(2e-3)
                .visionSteps(0)
                .visionLrScale(0)
                .build();
        new Trainer(o, DATA, new PrintStream(log, true)).run();
        try (ModelBundle init = ModelBundle.load(tmp.resolve("frozen/init"));
                ModelBundle trained = ModelBundle.load(tmp.resolve("frozen/checkpoint"))) {
            init.weights().forEach((name, w) -> {
                if (name.startsWith("visual.")) {
                    assertArrayEquals(w.toFloatArray(), trained.weight(name).toFloatArray(), name);
                }
            });
            // and the language model did learn
            float[] before = init.weight("model.layers.0.mlp.down_proj.weight").toFloatArray();
            float[] after =
                    trained.weight("model.layers.0.mlp.down_proj.weight").toFloatArray();
            assertTrue(!java.util.Arrays.equals(before, after), "the backbone did not train");
        }
        assertTrue(log.toString().contains("visual-token diversity "), log.toString());
    }

    @Test
    void aValrRunKilledAfterACheckpointResumesToTheSameWeights() throws Exception {
        // Each run is its own JVM, as a killed and restarted trainer is. A run in which a step's or a sample's
        // gradient overflowed (sporadic in this configuration, whatever the resume does: the same step's loss is
        // equal to the last digit in both runs — docs/training.md, "Known problems") is no reference for an exact
        // comparison, so it is run again, at most three times; a resume bug shows in every attempt.
        StringBuilder logs = new StringBuilder();
        logs.append(untilNoOverflow(() -> {
            Trainer.deleteTree(tmp.resolve("straight"));
            return trainInProcess(Recipe.VALR, tmp.resolve("straight"), 6, Long.MAX_VALUE, false);
        }));
        logs.append(untilNoOverflow(() -> {
            Trainer.deleteTree(tmp.resolve("killed"));
            // killed right after the checkpoint of step 4: into stage 2, latents and alignment
            return trainInProcess(Recipe.VALR, tmp.resolve("killed"), 6, 4, false)
                    + trainInProcess(Recipe.VALR, tmp.resolve("killed"), 6, Long.MAX_VALUE, true);
        }));
        assertTrue(logs.toString().contains("resuming "), logs.toString());

        try (ModelBundle a = ModelBundle.load(tmp.resolve("straight/checkpoint"));
                ModelBundle b = ModelBundle.load(tmp.resolve("killed/checkpoint"))) {
            // Float noise is not fully reproducible across two runs (summation order), and Adam, which
            // normalizes each update, can turn noise in a near-zero gradient into a full-size step for that
            // one weight (seen: 1.7e-4 to 1.3e-3 on a handful of layer-norm weights). A resume that lost the
            // moments, psi or the data order moves nearly every weight by about lr = 2e-3 per step. Inside `mvnw
            // verify` (never alone: 5 of 5 runs equal to 1e-5) the stage-2 step after the resume sometimes differs
            // without any overflow (mean 4e-5 and 7e-5 seen; docs/training.md, "Known problems"). So: the mean
            // difference must stay ten times below a lost resume's and no single weight may move by more than two
            // steps.
            assertClose(a.weights(), b.weights(), "weights", logs);
        }
        // psi is stage 2's own state: a resume that lost it would hardly move the backbone in two steps
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            String psi = "checkpoint/align.safetensors";
            assertClose(
                    Safetensors.read(tmp.resolve("straight").resolve(psi), m),
                    Safetensors.read(tmp.resolve("killed").resolve(psi), m),
                    "psi",
                    logs);
        }
        assertArrayEquals(
                Files.readAllBytes(tmp.resolve("straight/tokenizer.json")),
                Files.readAllBytes(tmp.resolve("killed/tokenizer.json")));
    }

    private static void assertClose(Map<String, NDArray> a, Map<String, NDArray> b, String what, CharSequence logs) {
        assertEquals(a.keySet(), b.keySet(), what);
        double sum = 0;
        long count = 0;
        double max = 0;
        String worst = "";
        for (var e : a.entrySet()) {
            float[] x = e.getValue().toFloatArray();
            float[] y = b.get(e.getKey()).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                double d = Math.abs(x[i] - y[i]);
                sum += d;
                if (d > max) {
                    max = d;
                    worst = e.getKey();
                }
            }
            count += x.length;
        }
        double mean = sum / count;
        assertTrue(
                mean < 2e-4, what + " differ by " + mean + " on average (max " + max + " in " + worst + ")\n" + logs);
        assertTrue(max < 4e-3, worst + " differs by " + max + "\n" + logs);
    }

    interface Training {
        String run() throws Exception;
    }

    /** Runs {@code training} (which starts from scratch) again while its log shows a skipped update or sample. */
    private static String untilNoOverflow(Training training) throws Exception {
        String log = "";
        for (int attempt = 1; attempt <= 3; attempt++) {
            log = training.run();
            if (!log.contains("update skipped") && !log.contains(" dropped (")) {
                return log;
            }
        }
        throw new AssertionError("a gradient overflowed in 3 attempts of the same run:\n" + log);
    }

    /** Runs {@link TrainerProcess} in a new JVM with this test's class path; its output. */
    private static String trainInProcess(Recipe recipe, Path out, long steps, long stopAfter, boolean resume)
            throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dai.djl.offline=true",
                "-Dsightline.torch.threads=" + System.getProperty("sightline.torch.threads", "1"),
                TrainerProcess.class.getName(),
                recipe.name(),
                out.toString(),
                Long.toString(steps),
                Long.toString(stopAfter),
                Boolean.toString(resume));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "training process hung:\n" + output);
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @ParameterizedTest
    @EnumSource(
            value = Recipe.class,
            names = {"LVR", "MIXED"})
    void eachRecipeTrainsItsOwnLossesAndOnlyTheSketchRecipeMovesTheSketchHead(Recipe recipe) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Trainer.Result result = new Trainer(options(recipe, "r", 4), DATA, new PrintStream(log, true)).run();
        assertEquals(4, result.steps());
        assertTrue(Double.isFinite(result.lastLoss()));
        String text = log.toString();
        assertEquals(recipe.reconstruction(), text.contains(" lvr "), text);
        assertEquals(recipe.sketch(), text.contains(" sketch "), text);
        try (ModelBundle init = ModelBundle.load(tmp.resolve("r/init"));
                ModelBundle trained = ModelBundle.load(result.bundle())) {
            double sum = 0;
            long count = 0;
            for (var e : init.weights().entrySet()) {
                if (e.getKey().startsWith("sketch_head.")) {
                    float[] a = e.getValue().toFloatArray();
                    float[] b = trained.weight(e.getKey()).toFloatArray();
                    for (int i = 0; i < a.length; i++) {
                        sum += Math.abs(a[i] - b[i]);
                    }
                    count += a.length;
                }
            }
            double moved = sum / count;
            // The final bundle is float16: an unchanged weight differs from its float32 init by rounding only.
            assertEquals(recipe.sketch(), moved > 2e-4, "sketch head moved by " + moved + " on average");
        }
    }

    @Test
    void aLatentRecipeStartsStage2FromAnotherRecipesStage1AndAlignsToTheLearnedTeacher() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        new Trainer(options(Recipe.LATENT_NOALIGN, "base", 4), DATA, quiet).run();
        Path stage1 = tmp.resolve("base/stage1");
        assertEquals(2, TrainerState.read(stage1).stage());

        TrainOptions o = TrainOptions.builder(Preset.TINY, Recipe.VALR, tmp.resolve("valr"))
                .minutes(0)
                .steps(4)
                .seed(5)
                .batch(2)
                .lr(2e-3)
                .latentSteps(List.of(1, 4))
                .teachers(List.of("learned"))
                .stage1From(stage1)
                .visionSteps(0)
                .build();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Trainer.Result result = new Trainer(o, DATA, new PrintStream(log, true)).run();
        String text = log.toString();
        assertEquals(4, result.steps(), text);
        assertTrue(text.contains("stage 1 from " + stage1), text);
        Matcher mse = Pattern.compile("patch-target MSE ([0-9.]+) -> ([0-9.]+)").matcher(text);
        assertTrue(mse.find(), text);
        assertTrue(
                Double.parseDouble(mse.group(2)) < Double.parseDouble(mse.group(1)) / 4,
                "the learned teacher did not fit its targets: " + mse.group());
        assertTrue(Files.isRegularFile(tmp.resolve("valr/teacher-learned.safetensors")));
        // Stage 2 only: stage 1's two steps came from the base run.
        assertEquals(
                2,
                text.lines()
                        .filter(l -> l.startsWith("step ") && l.contains("(stage 2"))
                        .count(),
                text);
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
