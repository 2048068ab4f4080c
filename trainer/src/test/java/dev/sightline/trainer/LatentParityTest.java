package dev.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDScope;
import dev.sightline.latent.bundle.LatentKeyBias;
import dev.sightline.latent.bundle.LatentPositions;
import dev.sightline.latent.bundle.LatentSchedule;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.preset.ModelInitializer;
import dev.sightline.latent.preset.Preset;
import dev.sightline.latent.sampling.SamplingParams;
import dev.sightline.latent.session.EngineOptions;
import dev.sightline.latent.session.Mode;
import dev.sightline.latent.session.ReasoningEngine;
import dev.sightline.latent.session.SessionRequest;
import dev.sightline.latent.session.Step;
import dev.sightline.latent.session.StepKind;
import dev.sightline.latent.text.LanguageModel;
import dev.sightline.latent.vision.VisionEncoder;
import dev.sightline.latent.vision.VisualTokens;
import dev.sightline.trainer.data.TrainingSample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Latents in training are produced as inference produces them: the states a training chain feeds back are the ones a
 * session of the same weights feeds back, step by step.
 */
class LatentParityTest {
    private static final int K = 4;

    @TempDir
    Path tmp;

    /**
     * With {@link LatentKeyBias#NEG_LOG_K} the parity also says that training and serving bias the same keys; with
     * {@link LatentPositions#SHARED}, that they give the segment's steps the same rotary positions.
     */
    @ParameterizedTest
    @CsvSource({"NONE, DISTINCT", "NEG_LOG_K, DISTINCT", "NONE, SHARED"})
    void aTrainingSegmentFeedsBackTheHiddenStatesASessionOfTheSameWeightsFeedsBack(
            LatentKeyBias bias, LatentPositions positions) throws Exception {
        // Before the chain, the segment follows the prompt alone: nothing the session writes comes before it.
        ModelInitializer.write(Preset.TINY, 5, tmp, TrainerTest.DATA.corpus().subList(0, 50));
        ModelBundle.editConfig(
                tmp,
                c -> c.withLatentSchedule(LatentSchedule.BEFORE_CHAIN)
                        .withLatentKeyBias(bias)
                        .withLatentPositions(positions));
        TrainingSample sample = TrainerTest.DATA.sample(3);
        float[][] trained = new float[K][];
        try (ModelBundle bundle = ModelBundle.load(tmp);
                LanguageModel model = LanguageModel.trainable(bundle);
                NDScope ignored = new NDScope();
                LanguageModel.Pin pinned = model.pinFusedWeights()) {
            var loss = new SampleLoss(bundle, model, new VisionEncoder(bundle), SampleLoss.Auxiliary.none());
            var batch = new LatentBatch(loss, List.of(sample), new int[] {K}, new long[] {0});
            batch.run();
            for (int i = 0; i < K; i++) {
                trained[i] = batch.firstSegment[0].get(i).toFloatArray();
            }
        }
        VisualTokens visual;
        try (ModelBundle bundle = ModelBundle.load(tmp);
                ReasoningEngine engine = new ReasoningEngine(bundle, EngineOptions.defaults())) {
            visual = engine.vision().encode(sample.frames());
        }
        List<Step.LatentProbe> served = served(sample, visual);
        assertEquals(K, served.size(), "one segment of K latent steps");
        if (bias != LatentKeyBias.NONE || positions != LatentPositions.DISTINCT) {
            ModelBundle.editConfig(
                    tmp, c -> c.withLatentKeyBias(LatentKeyBias.NONE).withLatentPositions(LatentPositions.DISTINCT));
            float[] plain = served(sample, visual).get(2).patchScores();
            assertFalse(java.util.Arrays.equals(plain, served.get(2).patchScores()), "the setting moves step 2");
        }
        // A session's step i feeds back the state training's step i - 1 produced. The norm alone would not tell
        // (the final norm fixes it); the direction does: the visual tokens it is closest to, and how close.
        for (int i = 1; i < K; i++) {
            Step.LatentProbe probe = served.get(i);
            float[] cos = cosines(trained[i - 1], visual);
            assertEquals(norm(trained[i - 1]), probe.norm(), 1e-4 * probe.norm(), "latent step " + i + " norm");
            for (int j = 0; j < probe.patches().length; j++) {
                assertEquals(probe.patchScores()[j], cos[probe.patches()[j]], 1e-5, "step " + i + " patch " + j);
            }
            int best = 0;
            for (int p = 1; p < cos.length; p++) {
                best = cos[p] > cos[best] ? p : best;
            }
            assertEquals(probe.patches()[0], best, "latent step " + i + ": the closest visual token");
        }
    }

    /** The latent steps a session of the bundle in {@link #tmp} takes on {@code sample}, greedy. */
    private List<Step.LatentProbe> served(TrainingSample sample, VisualTokens visual) {
        try (ModelBundle bundle = ModelBundle.load(tmp);
                ReasoningEngine engine = new ReasoningEngine(bundle, EngineOptions.defaults())) {
            var request = new SessionRequest(
                    sample.id(),
                    sample.question(),
                    null,
                    visual,
                    Mode.LATENT,
                    K,
                    Mode.LATENT.latentBeforeEachStepByDefault(),
                    8,
                    SamplingParams.GREEDY);
            return engine.trace(request).stream()
                    .filter(s -> s.kind() == StepKind.LATENT)
                    .map(Step::latent)
                    .toList();
        }
    }

    /** Cosine of {@code h} with each visual token. */
    private static float[] cosines(float[] h, VisualTokens visual) {
        int d = visual.dim();
        float[] data = visual.data();
        float[] inverseNorms = visual.inverseNorms();
        double hNorm = norm(h);
        float[] cos = new float[visual.count()];
        for (int p = 0; p < cos.length; p++) {
            double dot = 0;
            for (int j = 0; j < d; j++) {
                dot += (double) h[j] * data[p * d + j];
            }
            cos[p] = (float) (dot * inverseNorms[p] / hNorm);
        }
        return cos;
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }
}
