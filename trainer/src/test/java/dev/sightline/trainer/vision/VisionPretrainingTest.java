package dev.sightline.trainer.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.preset.ModelInitializer;
import dev.sightline.latent.preset.Preset;
import dev.sightline.latent.vision.VisionEncoder;
import dev.sightline.spatial.dataset.SceneOptions;
import dev.sightline.spatial.dataset.Split;
import dev.sightline.trainer.data.ColumnMoments;
import dev.sightline.trainer.data.SpatialScenesSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisionPretrainingTest {
    @TempDir
    Path tmp;

    @Test
    void stageZeroTeachesTheVisionTowerThePerPatchTargetsAndTouchesNothingElse() throws Exception {
        SpatialScenesSource data = new SpatialScenesSource(Split.TRAIN, SceneOptions.TINY);
        ModelInitializer.write(Preset.TINY, 3, tmp, data.corpus().subList(0, 50));
        try (ModelBundle bundle = ModelBundle.load(tmp)) {
            Map<String, float[]> before = snapshot(bundle);
            VisionPretraining.Result r =
                    VisionPretraining.run(bundle, data, 3, 40, new PrintStream(new ByteArrayOutputStream()));
            assertTrue(r.lastMse() < r.firstMse() / 2, "patch-target MSE " + r.firstMse() + " -> " + r.lastMse());
            Map<String, float[]> after = snapshot(bundle);
            before.forEach((name, values) -> {
                if (name.startsWith("visual.")) {
                    if (!name.equals("visual.frame_embed")) { // only frame 0's row learns; the rest may stay
                        assertFalse(java.util.Arrays.equals(values, after.get(name)), name + " did not learn");
                    }
                } else {
                    assertArrayEquals(values, after.get(name), name + " changed outside the vision tower");
                }
            });
        }
    }

    @Test
    void standardizingCentresEveryTokenFeatureAndKeepsTheTokensRms() throws Exception {
        SpatialScenesSource data = new SpatialScenesSource(Split.TRAIN, SceneOptions.TINY);
        ModelInitializer.write(Preset.TINY, 3, tmp, data.corpus().subList(0, 50));
        try (ModelBundle bundle = ModelBundle.load(tmp)) {
            VisionEncoder vision = new VisionEncoder(bundle);
            int d = bundle.config().hiddenSize();
            long first = 3_000_000_000L;
            double rmsBefore = rms(VisionPretraining.tokens(bundle, vision, data, first));
            VisionPretraining.standardize(bundle, vision, data, first, new PrintStream(new ByteArrayOutputStream()));
            float[] after = VisionPretraining.tokens(bundle, vision, data, first);
            assertEquals(rmsBefore, rms(after), 1e-3 * rmsBefore);
            ColumnMoments moments = ColumnMoments.of(after, d);
            for (int j = 0; j < d; j++) {
                assertEquals(0, moments.mean()[j], 1e-3 * rmsBefore, "feature " + j + "'s mean");
                assertEquals(rmsBefore, Math.sqrt(moments.variance(j)), 1e-2 * rmsBefore, "feature " + j);
            }
        }
    }

    private static double rms(float[] values) {
        double sumSq = 0;
        for (float v : values) {
            sumSq += (double) v * v;
        }
        return Math.sqrt(sumSq / values.length);
    }

    private static Map<String, float[]> snapshot(ModelBundle bundle) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : bundle.weights().entrySet()) {
            copy.put(e.getKey(), e.getValue().toFloatArray());
        }
        return copy;
    }
}
