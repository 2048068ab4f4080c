package dev.sightline.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.preset.ModelInitializer;
import dev.sightline.latent.preset.Preset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SketchBatcherTest {
    @Test
    void concurrentRequestsShareOneSamplingAndGetWhatTheyWouldAlone() throws Exception {
        Path dir = Files.createTempDirectory("sightline-decoder-");
        ModelInitializer.write(Preset.TINY, 3, dir);
        try (ModelBundle bundle = ModelBundle.load(dir)) {
            int d = bundle.config().hiddenSize();
            SplittableRandom rng = new SplittableRandom(5);
            float[][] conditions = new float[8][d];
            for (float[] c : conditions) {
                for (int i = 0; i < d; i++) {
                    c[i] = (float) rng.nextGaussian();
                }
            }
            var batcher = new SketchBatcher(bundle, new DecoderProperties(dir, 64, Duration.ofMillis(200)));
            try {
                List<CompletableFuture<float[]>> together = new ArrayList<>();
                for (int i = 0; i < conditions.length; i++) {
                    together.add(batcher.submit(conditions[i], 100 + i));
                }
                List<float[]> batched = new ArrayList<>();
                for (var f : together) {
                    batched.add(f.get());
                }
                assertTrue(batcher.meanBatch() > 1, "requests within the window were sampled together");
                for (int i = 0; i < conditions.length; i += 3) {
                    float[] alone = batcher.submit(conditions[i], 100 + i).get();
                    float[] b = batched.get(i);
                    assertEquals(alone.length, b.length);
                    for (int j = 0; j < alone.length; j++) {
                        // batched matmuls sum in another order: equal to float rounding, relative to the value
                        assertEquals(
                                alone[j], b[j], 1e-4f * Math.max(1f, Math.abs(alone[j])), "request " + i + " at " + j);
                    }
                }
            } finally {
                batcher.destroy();
            }
        }
    }
}
