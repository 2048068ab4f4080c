package dev.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.TensorLayout;
import dev.sightline.latent.preset.ModelInitializer;
import dev.sightline.latent.preset.Preset;
import dev.sightline.latent.text.LanguageModel;
import dev.sightline.latent.vision.VisionEncoder;
import dev.sightline.spatial.dataset.SceneOptions;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.trainer.data.SpatialScenesSource;
import dev.sightline.trainer.data.TrainingSample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundingLossTest {
    private static final SpatialScenesSource DRILLS =
            new SpatialScenesSource(Split.TRAIN, new SceneOptions(64, 1, 8), List.of(1), 1);

    @TempDir
    Path tmp;

    @Test
    void stepsOnTheGroundingLossPullHeadZeroOntoTheBoxesOfTheObjectsAStepMentions() throws Exception {
        ModelInitializer.write(Preset.TINY, 3, tmp, DRILLS.corpus().subList(0, 50));
        TrainingSample drill = DRILLS.sample(0);
        assertEquals(SpatialScenesSource.GROUNDING, drill.family());
        try (ModelBundle bundle = ModelBundle.load(tmp);
                LanguageModel model = LanguageModel.trainable(bundle)) {
            VisionEncoder vision = new VisionEncoder(bundle);
            SampleLoss off = new SampleLoss(bundle, model, vision, SampleLoss.Auxiliary.none());
            // a large weight, so that the total's gradient is the grounding term's
            SampleLoss on = new SampleLoss(bundle, model, vision, withGrounding(1000));
            String layer = "self_attn.";
            List<NDArray> trained = List.of(
                    bundle.weight(TensorLayout.layer(SampleLoss.GROUNDING_LAYER, layer + "q_proj.weight")),
                    bundle.weight(TensorLayout.layer(SampleLoss.GROUNDING_LAYER, layer + "k_proj.weight")));
            trained.forEach(w -> w.setRequiresGradient(true));

            double before;
            try (NDScope ignored = new NDScope()) {
                SampleLoss.Parts plain = off.plain(drill);
                assertEquals(0, plain.grounding(), "off, the term is neither computed nor reported");
                SampleLoss.Parts grounded = on.plain(drill);
                assertEquals(plain.ce(), grounded.ce(), 1e-5, "recording the attention changes nothing else");
                before = grounded.grounding();
            }
            // a fresh model spreads head 0 over ~100 inputs, of which a step's boxes are a handful
            assertTrue(before > 1.5, "grounding loss of a fresh model: " + before);

            double after = before;
            for (int step = 0; step < 45; step++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector();
                        NDScope ignored = new NDScope()) {
                    SampleLoss.Parts p = on.plain(drill);
                    after = p.grounding();
                    gc.backward(p.total());
                }
                // outside the collector, as AdamW steps: an in-place update of a leaf is refused inside it
                try (NDScope ignored = new NDScope()) {
                    for (NDArray w : trained) {
                        NDArray g = w.getGradient();
                        // normalized steps: the scale of a weight of 1000 does not matter
                        w.subi(g.div(g.norm().add(1e-12f)).mul(0.5f));
                        g.muli(0f);
                    }
                }
            }
            assertTrue(after < before / 3, "grounding loss " + before + " -> " + after);
        }
    }

    private static SampleLoss.Auxiliary withGrounding(double weight) {
        return new SampleLoss.Auxiliary(null, null, 0, 0, 0, null, 0, 0, weight, null, 0, 0, LvrTarget.REGION);
    }
}
