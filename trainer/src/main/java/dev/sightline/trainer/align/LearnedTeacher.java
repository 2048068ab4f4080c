package dev.sightline.trainer.align;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.sightline.latent.bundle.Safetensors;
import dev.sightline.latent.text.Ops;
import dev.sightline.latent.vision.VisionEncoder;
import dev.sightline.trainer.data.ColumnMoments;
import dev.sightline.trainer.data.SampleSource;
import dev.sightline.trainer.data.TrainingSample;
import dev.sightline.trainer.optim.AdamW;
import dev.sightline.trainer.optim.Initializers;
import dev.sightline.trainer.optim.LearningRate;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code learned} teacher: a small vision network that sees only pixels, as the external encoders of
 * VaLR do. Per patch it reads the patch's pixels, the mean of its 3x3 neighbourhood and its position,
 * {@code [P, 2 * 3p^2 + 2]}, through two SiLU layers to a {@value #FEATURE_DIM}-wide feature, and a linear
 * head predicts the ground-truth {@code geometry} and {@code semantic} rows from it. The trainer fits it
 * first ({@link #fit}), then freezes it: its features, not its predictions, are the alignment target.
 *
 * <p>Owns its parameters ({@code learned.fc1.weight} ...) in its own manager; saved next to the run so a
 * resumed run aligns to the same frozen teacher.
 */
public final class LearnedTeacher implements AutoCloseable {
    public static final String NAME = "learned";
    public static final int FEATURE_DIM = 64;
    public static final String FILE = "teacher-learned.safetensors";
    private static final int HIDDEN = 128;
    private static final int BATCH = 8;
    private static final double MIN_VARIANCE = 1e-3;
    private static final long FIRST_SAMPLE = 1_000_000_000L;

    /** Samples whose targets set {@link #channelWeights}: 64 images of 64 patches, ~4 000 rows. */
    public static final int WEIGHT_SAMPLES = 64;

    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final VisionEncoder vision;

    private LearnedTeacher(NDManager parent, VisionEncoder vision, int targetDim, long seed) {
        this.manager = parent.newSubManager();
        this.vision = vision;
        int in = 2 * vision.config().patchDim() + 2;
        params.put("learned.fc1.weight", normal(new Shape(HIDDEN, in), seed, "fc1"));
        params.put("learned.fc1.bias", manager.zeros(new Shape(HIDDEN)));
        params.put("learned.fc2.weight", normal(new Shape(FEATURE_DIM, HIDDEN), seed, "fc2"));
        params.put("learned.fc2.bias", manager.zeros(new Shape(FEATURE_DIM)));
        params.put("learned.head.weight", normal(new Shape(targetDim, FEATURE_DIM), seed, "head"));
        params.put("learned.head.bias", manager.zeros(new Shape(targetDim)));
    }

    /**
     * The frozen teacher of a run: loaded from {@code file} when an earlier invocation fitted it, otherwise
     * fitted for {@code steps} steps of {@value #BATCH} training images (view 0) and saved there.
     */
    public static LearnedTeacher fitOrLoad(
            NDManager parent, VisionEncoder vision, SampleSource data, long seed, int steps, Path file, PrintStream log)
            throws IOException {
        int targetDim = data.teacherDims().get("geometry") + data.teacherDims().get("semantic");
        LearnedTeacher teacher = new LearnedTeacher(parent, vision, targetDim, seed);
        if (Files.isRegularFile(file)) {
            try (NDManager saved = parent.newSubManager()) {
                Map<String, NDArray> weights = Safetensors.read(file, saved);
                teacher.params.forEach((k, p) -> p.set(new NDIndex("..."), weights.get(k)));
            }
            log.printf("learned teacher: loaded %s%n", file);
            return teacher;
        }
        teacher.fit(data, steps, log);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Safetensors.write(tmp, teacher.params);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        return teacher;
    }

    private void fit(SampleSource data, int steps, PrintStream log) {
        long began = System.nanoTime();
        try (AdamW opt = new AdamW(manager, List.of(new AdamW.Group("learned", params, 1, true)), 0.9, 0.95, 1e-8, 0)) {
            double first = Double.NaN;
            double last = Double.NaN;
            LearningRate schedule = new LearningRate(3e-3, 0, steps, 0.1); // no warm-up: a small net from scratch
            NDArray weights = manager.create(channelWeights(data.range(FIRST_SAMPLE, WEIGHT_SAMPLES)));
            for (int step = 0; step < steps; step++) {
                try (NDScope ignored = new NDScope();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    List<NDArray> inputs = new ArrayList<>();
                    List<TrainingSample> samples = new ArrayList<>();
                    for (int i = 0; i < BATCH; i++) {
                        // Far past the indices a run trains on: the teacher never sees the LM's samples.
                        TrainingSample s = data.sample(FIRST_SAMPLE + (long) step * BATCH + i);
                        inputs.add(inputs(s.frames().get(0)));
                        samples.add(s);
                    }
                    NDArray x = NDArrays.concat(new NDList(inputs), 0);
                    int dim = (int) params.get("learned.head.bias").getShape().get(0);
                    NDArray y = x.getManager()
                            .create(
                                    groundTruthRows(samples),
                                    new Shape(x.getShape().get(0), dim));
                    NDArray loss = predict(x).sub(y).square().mul(weights).mean();
                    gc.backward(loss);
                    last = loss.getFloat();
                    if (step == 0) {
                        first = last;
                    }
                }
                opt.clipGradients(1.0);
                opt.step(schedule.at(step));
            }
            log.printf(
                    "learned teacher: %d steps in %.1f s, patch-target MSE %.4f -> %.4f; frozen%n",
                    steps, (System.nanoTime() - began) / 1e9, first, last);
        }
        params.values().forEach(p -> p.setRequiresGradient(false));
    }

    /** Per-patch features of one image, {@code [P][FEATURE_DIM]}: the alignment target. */
    public float[][] features(BufferedImage image) {
        try (NDScope ignored = new NDScope()) {
            float[] flat = features(inputs(image)).toFloatArray();
            int patches = flat.length / FEATURE_DIM;
            float[][] rows = new float[patches][FEATURE_DIM];
            for (int p = 0; p < patches; p++) {
                System.arraycopy(flat, p * FEATURE_DIM, rows[p], 0, FEATURE_DIM);
            }
            return rows;
        }
    }

    private NDArray features(NDArray x) {
        NDArray h = Ops.silu(Ops.linear(x, params.get("learned.fc1.weight"), params.get("learned.fc1.bias")));
        return Ops.silu(Ops.linear(h, params.get("learned.fc2.weight"), params.get("learned.fc2.bias")));
    }

    private NDArray predict(NDArray x) {
        return Ops.linear(features(x), params.get("learned.head.weight"), params.get("learned.head.bias"));
    }

    /** {@code [P, 2 * 3p^2 + 2]}: each patch, its 3x3 neighbourhood mean and its centre in [-1, 1]. */
    private NDArray inputs(BufferedImage image) {
        float[] patches = vision.patchTensor(manager, List.of(image)).toFloatArray();
        int dim = vision.config().patchDim();
        int n = patches.length / dim;
        int side = (int) Math.round(Math.sqrt(n));
        int in = 2 * dim + 2;
        float[] x = new float[n * in];
        for (int py = 0; py < side; py++) {
            for (int px = 0; px < side; px++) {
                int row = (py * side + px) * in;
                System.arraycopy(patches, (py * side + px) * dim, x, row, dim);
                int count = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int y = py + dy;
                        int xx = px + dx;
                        if (y < 0 || y >= side || xx < 0 || xx >= side) {
                            continue;
                        }
                        count++;
                        for (int j = 0; j < dim; j++) {
                            x[row + dim + j] += patches[(y * side + xx) * dim + j];
                        }
                    }
                }
                for (int j = 0; j < dim; j++) {
                    x[row + dim + j] /= count;
                }
                x[row + 2 * dim] = (px + 0.5f) / side * 2 - 1;
                x[row + 2 * dim + 1] = (py + 0.5f) / side * 2 - 1;
            }
        }
        return manager.create(x, new Shape(n, in));
    }

    /**
     * The samples' ground-truth {@code geometry} and {@code semantic} rows of view 0, side by side, flattened:
     * {@code [samples * patches * (geometry + semantic)]}, the regression target of this teacher and of the
     * vision tower's pretraining.
     */
    public static float[] groundTruthRows(List<TrainingSample> samples) {
        List<float[]> parts = new ArrayList<>();
        samples.forEach(s -> parts.add(groundTruthRows(s)));
        int total = parts.stream().mapToInt(a -> a.length).sum();
        float[] out = new float[total];
        int at = 0;
        for (float[] a : parts) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    /**
     * One weight per column of {@link #groundTruthRows}: the inverse of the column's variance over {@code
     * samples}, so that a squared error weighted by it is ~1 - R² per column. Unweighted, the geometry columns
     * (coordinates with a variance near 1) drown the semantic ones (colour and shape fractions, mostly zero,
     * variance ~0.03): a tower trained so read depth at R² 0.98 and colour at R² 0.02-0.39, and a language
     * model cannot find "the red cube" in tokens that do not say red (docs/results.md, 2026-12-04, twelfth
     * session). A floor keeps a column that is nearly constant in the sample from dominating.
     */
    public static float[] channelWeights(List<TrainingSample> samples) {
        float[][] g = samples.get(0).teachers().get("geometry");
        int dim = g[0].length + samples.get(0).teachers().get("semantic")[0].length;
        ColumnMoments moments = ColumnMoments.of(groundTruthRows(samples), dim);
        float[] weights = new float[dim];
        for (int c = 0; c < dim; c++) {
            weights[c] = (float) (1 / Math.max(moments.variance(c), MIN_VARIANCE));
        }
        return weights;
    }

    private static float[] groundTruthRows(TrainingSample s) {
        float[][] g = s.teachers().get("geometry");
        float[][] m = s.teachers().get("semantic");
        int dim = g[0].length + m[0].length;
        float[] out = new float[g.length * dim];
        for (int p = 0; p < g.length; p++) {
            System.arraycopy(g[p], 0, out, p * dim, g[p].length);
            System.arraycopy(m[p], 0, out, p * dim + g[p].length, m[p].length);
        }
        return out;
    }

    private NDArray normal(Shape shape, long seed, String name) {
        return Initializers.normal(manager, shape, 1 / Math.sqrt(shape.get(1)), seed ^ ("learned." + name).hashCode());
    }

    @Override
    public void close() {
        manager.close();
    }
}
