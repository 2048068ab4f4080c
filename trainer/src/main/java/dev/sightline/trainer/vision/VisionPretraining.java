package dev.sightline.trainer.vision;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.text.Ops;
import dev.sightline.latent.vision.VisionEncoder;
import dev.sightline.trainer.align.LearnedTeacher;
import dev.sightline.trainer.data.ColumnMoments;
import dev.sightline.trainer.data.SampleSource;
import dev.sightline.trainer.data.TrainingSample;
import dev.sightline.trainer.optim.AdamW;
import dev.sightline.trainer.optim.Initializers;
import dev.sightline.trainer.optim.LearningRate;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 0 of every recipe: the vision tower (ViT and projector, {@code visual.*}) learns to see before the
 * language model reads it, as a vision-language model starts from a pretrained encoder. A linear probe on
 * the visual tokens {@code [N, d_model]} regresses, per patch, the ground-truth {@code geometry} and
 * {@code semantic} rows of view 0 (the dense targets π³ and DINO provide in VaLR), each column's squared error
 * weighted by its inverse variance ({@link LearnedTeacher#channelWeights}, so that colour counts as much as
 * depth); the probe is then dropped, and the tokens are standardized per feature ({@link #standardize}).
 * Every recipe of a seed runs the very same stage 0, so the recipe comparison stays one of what comes after.
 *
 * <p>Without it the tower learns only from the cross-entropy of CoT tokens, through four language-model
 * blocks: after 30 minutes (~9 500 samples) the tiny models still named objects absent from the question
 * and answered each family with one prior-favoured choice (docs/results.md).
 *
 * <p>Trains the bundle's {@code visual.*} arrays in place; the probe and the optimizer state live in a
 * sub-manager freed on return.
 */
public final class VisionPretraining {
    /** Images per step; view 0 of consecutive samples. */
    static final int BATCH = 16;

    /** Far past the indices a run trains the language model on, so stage 0 sees other scenes. */
    private static final long FIRST_SAMPLE = 2_000_000_000L;

    private static final double PEAK_LR = 2e-3;

    private VisionPretraining() {}

    /** Frames whose tokens give the per-feature statistics of {@link #standardize}. */
    static final int STATISTICS_FRAMES = 64;

    /**
     * Folds a per-feature standardization into {@code visual.projector.fc2}: over {@value #STATISTICS_FRAMES}
     * frames, feature j's mean μ_j and spread σ_j, then W_j ← W_j·s/σ_j and b_j ← (b_j − μ_j)·s/σ_j, where s keeps
     * the tokens' overall RMS. The probe reads any affine image of the tokens equally well, so stage 0 leaves their
     * mean and scale arbitrary, and they come out mostly one vector shared by every patch (on tiny, a common
     * component of RMS 0.17 per feature against 0.09 that differs between patches). The language model's
     * attention is not indifferent to that: the shared part survives its RMS norm and dwarfs the differences its
     * keys must learn to tell an object's patches from the rest (docs/training.md, "Stage 0").
     */
    static void standardize(ModelBundle bundle, VisionEncoder vision, SampleSource data, long first, PrintStream log) {
        int d = bundle.config().hiddenSize();
        float[] tokens = tokens(bundle, vision, data, first);
        ColumnMoments moments = ColumnMoments.of(tokens, d);
        double meanSquare = 0;
        double commonSquare = 0;
        for (int j = 0; j < d; j++) {
            meanSquare += moments.meanSquare()[j] / d;
            commonSquare += Math.pow(moments.mean()[j], 2) / d;
        }
        double s = Math.sqrt(meanSquare);
        float[] factor = new float[d];
        float[] shift = new float[d];
        for (int j = 0; j < d; j++) {
            double spread = Math.sqrt(Math.max(moments.variance(j), 0));
            // a feature no frame moves carries nothing to scale up: centred only
            factor[j] = spread > 1e-6 * s ? (float) (s / spread) : 1f;
            shift[j] = (float) moments.mean()[j];
        }
        NDArray weight = bundle.weight("visual.projector.fc2.weight"); // [d, inner]
        NDArray bias = bundle.weight("visual.projector.fc2.bias"); // [d]
        try (NDManager m = bundle.manager().newSubManager()) {
            NDArray f = m.create(factor);
            weight.muli(f.reshape(d, 1));
            bias.subi(m.create(shift)).muli(f);
        }
        log.printf(
                "stage 0 (vision): visual tokens standardized per feature over %d tokens (RMS %.3f, of it the common"
                        + " component %.3f)%n",
                tokens.length / d, s, Math.sqrt(commonSquare));
    }

    /** The visual tokens of view 0 of samples {@code first ..} (+{@value #STATISTICS_FRAMES}), {@code [rows, d]}. */
    static float[] tokens(ModelBundle bundle, VisionEncoder vision, SampleSource data, long first) {
        int d = bundle.config().hiddenSize();
        int perFrame = vision.config().tokensPerFrame();
        float[] out = new float[STATISTICS_FRAMES * perFrame * d];
        for (int b = 0; b < STATISTICS_FRAMES / BATCH; b++) {
            List<BufferedImage> images = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                images.add(data.sample(first + (long) b * BATCH + i).frames().get(0));
            }
            try (NDScope ignored = new NDScope()) {
                NDArray patches = vision.patchTensor(bundle.manager(), images); // [B, N, 3p^2]
                float[] batch = vision.forwardAt(patches, new long[BATCH]).toFloatArray(); // [B, N, d]
                System.arraycopy(batch, 0, out, b * batch.length, batch.length);
            }
        }
        return out;
    }

    /** The probe's patch-target MSE (variance-weighted, ~1 - R²) after the first and after the last step. */
    public record Result(double firstMse, double lastMse) {}

    /**
     * Runs {@code steps} steps of {@value #BATCH} images.
     *
     * @return the probe's patch-target MSE after the first and the last step
     */
    public static Result run(ModelBundle bundle, SampleSource data, long seed, int steps, PrintStream log) {
        long began = System.nanoTime();
        VisionEncoder vision = new VisionEncoder(bundle);
        int d = bundle.config().hiddenSize();
        int targetDim = data.teacherDims().get("geometry") + data.teacherDims().get("semantic");
        Map<String, NDArray> tower = new LinkedHashMap<>();
        bundle.weights().forEach((name, w) -> {
            if (name.startsWith("visual.")) {
                tower.put(name, w);
            }
        });
        try (NDManager scratch = bundle.manager().newSubManager()) {
            Map<String, NDArray> probe = new LinkedHashMap<>();
            probe.put(
                    "probe.weight",
                    Initializers.normal(
                            scratch, new Shape(targetDim, d), 1 / Math.sqrt(d), seed ^ "vision.probe".hashCode()));
            probe.put("probe.bias", scratch.zeros(new Shape(targetDim)));
            double first = Double.NaN;
            double last = Double.NaN;
            try (AdamW opt = new AdamW(
                    scratch,
                    List.of(new AdamW.Group("visual", tower, 1, false), new AdamW.Group("probe", probe, 1, false)),
                    0.9,
                    0.95,
                    1e-8,
                    0)) {
                LearningRate schedule = new LearningRate(PEAK_LR, Math.max(1, steps / 10), steps, 0.1);
                NDArray weights = scratch.create(
                        LearnedTeacher.channelWeights(data.range(FIRST_SAMPLE, LearnedTeacher.WEIGHT_SAMPLES)));
                for (int step = 0; step < steps; step++) {
                    try (NDScope ignored = new NDScope();
                            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        List<BufferedImage> images = new ArrayList<>();
                        List<TrainingSample> samples = new ArrayList<>();
                        for (int i = 0; i < BATCH; i++) {
                            TrainingSample s = data.sample(FIRST_SAMPLE + (long) step * BATCH + i);
                            images.add(s.frames().get(0));
                            samples.add(s);
                        }
                        NDArray patches = vision.patchTensor(bundle.manager(), images); // [B, N, 3p^2]
                        NDArray tokens = vision.forwardAt(patches, new long[BATCH]); // [B, N, d], each frame 0
                        NDArray predicted = Ops.linear(tokens, probe.get("probe.weight"), probe.get("probe.bias"));
                        NDArray target = tokens.getManager()
                                .create(LearnedTeacher.groundTruthRows(samples), predicted.getShape());
                        NDArray loss =
                                predicted.sub(target).square().mul(weights).mean();
                        gc.backward(loss);
                        last = loss.getFloat();
                        if (step == 0) {
                            first = last;
                        }
                    }
                    opt.clipGradients(1.0);
                    opt.step(schedule.at(step));
                    if ((step + 1) % 25 == 0 || step + 1 == steps) {
                        log.printf(
                                "stage 0 (vision): step %d/%d patch-target MSE %.4f, %.0f s%n",
                                step + 1, steps, last, (System.nanoTime() - began) / 1e9);
                    }
                }
                opt.zeroGradients();
            }
            log.printf(
                    "stage 0 (vision): %d steps of %d images in %.1f s, patch-target MSE %.4f -> %.4f; probe dropped%n",
                    steps, BATCH, (System.nanoTime() - began) / 1e9, first, last);
            standardize(bundle, vision, data, FIRST_SAMPLE + (long) steps * BATCH, log);
            return new Result(first, last);
        }
    }
}
