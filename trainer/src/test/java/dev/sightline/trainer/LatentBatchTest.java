package dev.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.sightline.latent.bundle.LatentSchedule;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.TensorLayout;
import dev.sightline.latent.preset.ModelInitializer;
import dev.sightline.latent.preset.Preset;
import dev.sightline.latent.sketch.DiffusionHead;
import dev.sightline.latent.text.LanguageModel;
import dev.sightline.latent.vision.VisionEncoder;
import dev.sightline.trainer.align.AlignmentProjectors;
import dev.sightline.trainer.data.SpatialScenesSource;
import dev.sightline.trainer.data.TrainingSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A padded batch of latent chains is a speed-up only: every sample keeps the loss and gradient it has alone. */
class LatentBatchTest {
    private static final SpatialScenesSource DATA = TrainerTest.DATA;

    private static final ToDoubleFunction<SampleLoss.Parts> SKETCH = SampleLoss.Parts::sketch;

    @TempDir
    Path tmp;

    @Test
    void lvrTargetsHaveZeroMeanAndUnitSpreadPerFeatureWhateverTheTowersOffsetAndScale() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray tokens = m.randomNormal(new Shape(64, 8)).mul(0.05f); // a frozen tower's small spread
            NDArray target = LatentTargets.standardized(tokens);
            float[] mean = target.mean(new int[] {0}).toFloatArray();
            float[] spread = target.square().mean(new int[] {0}).toFloatArray();
            for (int f = 0; f < 8; f++) {
                assertEquals(0, mean[f], 1e-4, "feature " + f);
                assertEquals(1, spread[f], 1e-2, "feature " + f);
            }
            // a per-feature offset and scale of the tower's output does not move the target
            NDArray shifted = tokens.mul(m.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}))
                    .add(m.create(new float[] {-3, 0.5f, 9, 0, 1, 2, -1, 4}));
            float[] a = target.toFloatArray();
            float[] b = LatentTargets.standardized(shifted).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 2e-3, "element " + i);
            }
        }
    }

    @Test
    void everySampleOfAPaddedBatchHasTheLossAndGradientItHasAlone() throws Exception {
        ModelInitializer.write(Preset.TINY, 5, tmp, DATA.corpus().subList(0, 50));
        try (ModelBundle bundle = ModelBundle.load(tmp);
                AlignmentProjectors psi = new AlignmentProjectors(
                        bundle.manager(), bundle.config().hiddenSize(), Map.of("geometry", geometryDim()), 3);
                DiffusionHead head = new DiffusionHead(bundle)) {
            // every auxiliary loss of stage 2 on: alignment, reconstruction, the sketch and the grounding
            assertBatchedEqualsAlone(bundle, stage2(psi, head));
        }
    }

    /**
     * LVR's schedules, one segment each: stage 1's targets (the chain, {@code <|answer|>}, the answer,
     * {@code <|endoftext|>}) and one more. Before the answer, {@code <|answer|>} once more after the chain (the model
     * writes it there and a session turns it into the segment). Before the chain, {@code <|sketch_start|>} after the
     * segment (the sketch head is on here). Before the conclusion, {@code <|latent_start|>} between the
     * observations and the last line (the model opens the segment itself).
     */
    @ParameterizedTest
    @EnumSource(
            value = LatentSchedule.class,
            names = {"BEFORE_ANSWER", "BEFORE_CHAIN", "BEFORE_CONCLUSION"})
    void underLvrsSchedulesEverySampleHasStage1sTargetsAndOneMoreAndItsOwnLossInABatch(LatentSchedule schedule)
            throws Exception {
        ModelInitializer.write(Preset.TINY, 5, tmp, DATA.corpus().subList(0, 50));
        ModelBundle.editConfig(tmp, c -> c.withLatentSchedule(schedule));
        try (ModelBundle bundle = ModelBundle.load(tmp);
                AlignmentProjectors psi = new AlignmentProjectors(
                        bundle.manager(), bundle.config().hiddenSize(), Map.of("geometry", geometryDim()), 3);
                DiffusionHead head = schedule == LatentSchedule.BEFORE_CHAIN ? new DiffusionHead(bundle) : null) {
            List<SampleLoss.Parts> batched = assertBatchedEqualsAlone(bundle, stage2(psi, head));
            try (LanguageModel model = LanguageModel.trainable(bundle)) {
                SampleLoss plain =
                        new SampleLoss(bundle, model, new VisionEncoder(bundle), SampleLoss.Auxiliary.none());
                List<TrainingSample> samples = samples();
                for (int i = 0; i < samples.size(); i++) {
                    try (NDScope ignored = new NDScope()) {
                        assertEquals(
                                plain.plain(samples.get(i)).targets() + 1,
                                batched.get(i).targets(),
                                "sample " + i);
                    }
                }
            }
        }
    }

    /**
     * Under {@code --lvr-target map} and {@code pyramid} the latents are scored against the scene's top-down map,
     * not against the step's region, and a padded batch still gives each sample the loss and gradient it has alone
     * (K 4, 9 and 1: under {@code map} grids of 2 × 2, 3 × 3 and one cell over the map's 8 × 8 tokens).
     */
    @ParameterizedTest
    @EnumSource(
            value = LvrTarget.class,
            names = {"MAP", "PYRAMID"})
    void underTheMapTargetsTheLatentsReconstructTheTopDownMapAndEachSampleKeepsItsLossInABatch(LvrTarget target)
            throws Exception {
        ModelInitializer.write(Preset.TINY, 5, tmp, DATA.corpus().subList(0, 50));
        ModelBundle.editConfig(tmp, c -> c.withLatentSchedule(LatentSchedule.BEFORE_CHAIN));
        try (ModelBundle bundle = ModelBundle.load(tmp);
                AlignmentProjectors psi = new AlignmentProjectors(
                        bundle.manager(), bundle.config().hiddenSize(), Map.of("geometry", geometryDim()), 3)) {
            int[] k = {4, 9, 1};
            List<SampleLoss.Parts> map = assertBatchedEqualsAlone(bundle, stage2(psi, null, target), k);
            List<SampleLoss.Parts> region = assertBatchedEqualsAlone(bundle, stage2(psi, null, LvrTarget.REGION), k);
            for (int i = 0; i < map.size(); i++) {
                assertEquals(region.get(i).ce(), map.get(i).ce(), 1e-5, "sample " + i + ": the same forward");
                assertNotEquals(
                        region.get(i).reconstruction(),
                        map.get(i).reconstruction(),
                        "sample " + i + ": another target");
            }
        }
    }

    /**
     * Stage 2's losses: alignment to the geometry teacher at block 2 (λ 0.5), reconstruction (0.1), the sketch
     * (1, when a head is given) and the grounding (0.5).
     */
    private static SampleLoss.Auxiliary stage2(AlignmentProjectors psi, DiffusionHead head) {
        return stage2(psi, head, LvrTarget.REGION);
    }

    private static SampleLoss.Auxiliary stage2(AlignmentProjectors psi, DiffusionHead head, LvrTarget lvrTarget) {
        return new SampleLoss.Auxiliary(
                psi,
                s -> Map.of("geometry", s.teachers().get("geometry")),
                2,
                0.5,
                0.1,
                head,
                head != null ? 1 : 0,
                9,
                0.5,
                null,
                0,
                0,
                lvrTarget);
    }

    /** Samples with different CoT lengths, so that rows pad latent steps, segments and lines. */
    private static List<TrainingSample> samples() {
        List<TrainingSample> samples = new ArrayList<>();
        for (long i = 0; samples.size() < 3; i++) {
            TrainingSample s = DATA.sample(i);
            if (samples.stream().noneMatch(o -> o.steps().size() == s.steps().size())) {
                samples.add(s);
            }
        }
        return samples;
    }

    /** Runs three samples with K 2, 5 and 1 alone and as one padded batch; their terms and gradient agree. */
    private static List<SampleLoss.Parts> assertBatchedEqualsAlone(ModelBundle bundle, SampleLoss.Auxiliary aux)
            throws Exception {
        return assertBatchedEqualsAlone(bundle, aux, new int[] {2, 5, 1});
    }

    private static List<SampleLoss.Parts> assertBatchedEqualsAlone(
            ModelBundle bundle, SampleLoss.Auxiliary aux, int[] k) throws Exception {
        List<TrainingSample> samples = samples();
        long[] index = {0, 1, 2};
        try (LanguageModel model = LanguageModel.trainable(bundle)) {
            SampleLoss loss = new SampleLoss(bundle, model, new VisionEncoder(bundle), aux);
            NDArray w = bundle.weight(TensorLayout.layer(1, "mlp.down_proj.weight"));
            w.setRequiresGradient(true);
            List<SampleLoss.Parts> alone = new ArrayList<>();
            float[] aloneGradient = gradient(w, () -> {
                NDArray sum = null;
                for (int i = 0; i < samples.size(); i++) {
                    SampleLoss.Parts p = loss.withLatents(samples.get(i), k[i], index[i]);
                    alone.add(p);
                    sum = sum == null ? p.total() : sum.add(p.total());
                }
                return sum;
            });
            List<SampleLoss.Parts> batched = new ArrayList<>();
            float[] batchedGradient = gradient(w, () -> {
                List<SampleLoss.Parts> parts = loss.withLatents(samples, k, index);
                batched.addAll(parts);
                return parts.stream()
                        .map(SampleLoss.Parts::total)
                        .reduce(NDArray::add)
                        .orElseThrow();
            });

            for (int i = 0; i < samples.size(); i++) {
                SampleLoss.Parts a = alone.get(i);
                SampleLoss.Parts b = batched.get(i);
                assertEquals(a.targets(), b.targets(), "sample " + i + " targets");
                for (ToDoubleFunction<SampleLoss.Parts> term : List.<ToDoubleFunction<SampleLoss.Parts>>of(
                        SampleLoss.Parts::ce,
                        SampleLoss.Parts::alignment,
                        SampleLoss.Parts::reconstruction,
                        SKETCH,
                        SampleLoss.Parts::grounding)) {
                    double x = term.applyAsDouble(a);
                    if (term == SKETCH && aux.sketchHead() == null) {
                        continue;
                    }
                    assertNotEquals(0, x, "sample " + i + ": a loss term is off, so it is not compared");
                    assertEquals(x, term.applyAsDouble(b), 1e-4 * Math.max(1, Math.abs(x)), "sample " + i);
                }
            }
            double norm = 0;
            double diff = 0;
            for (int j = 0; j < aloneGradient.length; j++) {
                norm = Math.max(norm, Math.abs(aloneGradient[j]));
                diff = Math.max(diff, Math.abs(aloneGradient[j] - batchedGradient[j]));
            }
            assertTrue(norm > 0, "no gradient reached layer 1");
            assertTrue(diff <= 1e-3 * norm, "gradients differ by " + diff + " (largest entry " + norm + ")");
            return batched;
        }
    }

    private static int geometryDim() {
        return DATA.teacherDims().get("geometry");
    }

    private static float[] gradient(NDArray w, java.util.function.Supplier<NDArray> loss) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector();
                NDScope ignored = new NDScope()) {
            gc.backward(loss.get());
            NDArray grad = w.getGradient();
            float[] g = grad.toFloatArray();
            grad.muli(0f); // the collector accumulates: the next call must start from zero
            return g;
        }
    }
}
