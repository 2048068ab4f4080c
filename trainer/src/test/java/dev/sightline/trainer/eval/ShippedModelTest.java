package dev.sightline.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.session.EngineOptions;
import dev.sightline.latent.session.Mode;
import dev.sightline.latent.session.ReasoningEngine;
import dev.sightline.spatial.dataset.SceneOptions;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.trainer.data.SpatialScenesSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped reference model answers a fixed test subset above a stated floor (greedy, so the figure
 * is deterministic on one platform; the floor sits a few points under the measured accuracy, see
 * models/sightline-tiny/README.md). The floor is low because the model is: see docs/results.md.
 */
class ShippedModelTest {
    static final Path SHIPPED = Path.of("..", "models", "sightline-tiny");
    static final int SAMPLES = 60;

    @Test
    void theShippedModelScoresAboveItsFloorOnTheFixedTestSubset() {
        assertTrue(Files.isDirectory(SHIPPED), "no shipped model at " + SHIPPED.toAbsolutePath());
        try (ModelBundle bundle = ModelBundle.load(SHIPPED);
                ReasoningEngine engine = new ReasoningEngine(bundle, EngineOptions.defaults())) {
            var data = new SpatialScenesSource(Split.TEST, SceneOptions.TINY).first(SAMPLES);
            List<Evaluator.Row> rows =
                    new Evaluator(engine, Evaluator.DEFAULT_MAX_TOKENS).evaluate("test", data, Mode.valueOf(MODE), K);
            double all = rows.get(rows.size() - 1).accuracy();
            assertTrue(all >= FLOOR, "accuracy " + all + " below the floor " + FLOOR);
        }
    }

    @Test
    void theShippedModelAnswersOneFrameAboveItsFloor() {
        // Users send one frame; the shipped model trained on one to four views per sample. With one view,
        // appearance_order is not asked (a uniform guess: 35.3 % on these 60 samples).
        try (ModelBundle bundle = ModelBundle.load(SHIPPED);
                ReasoningEngine engine = new ReasoningEngine(bundle, EngineOptions.defaults())) {
            var oneView = new SceneOptions(SceneOptions.TINY.imageSize(), 1, SceneOptions.TINY.patchSize());
            var data = new SpatialScenesSource(Split.TEST, oneView).first(SAMPLES);
            List<Evaluator.Row> rows =
                    new Evaluator(engine, Evaluator.DEFAULT_MAX_TOKENS).evaluate("test", data, Mode.LATENT, ONE_VIEW_K);
            double all = rows.get(rows.size() - 1).accuracy();
            assertTrue(all >= ONE_VIEW_FLOOR, "one-view accuracy " + all + " below the floor " + ONE_VIEW_FLOOR);
        }
    }

    /** One view, latent mode with K = 1 (measured: 43.3 % on these 60, 26 of them). */
    static final int ONE_VIEW_K = 1;

    static final double ONE_VIEW_FLOOR = 0.40;

    /** Four views, latent mode with K = 16 (measured: 45.0 % on these 60, 27 of them; a uniform guess: 37.2 %). */
    static final String MODE = "LATENT";

    static final int K = 16;
    static final double FLOOR = 0.40;
}
