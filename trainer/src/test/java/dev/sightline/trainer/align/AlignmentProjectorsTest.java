package dev.sightline.trainer.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AlignmentProjectorsTest {
    @Test
    void bilinearUpsamplingPreservesConstantsAndMapsCornersToCorners() {
        for (int k : new int[] {1, 4, 9, 16}) {
            float[] w = AlignmentProjectors.upsampling(k, 64);
            for (int p = 0; p < 64; p++) {
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += w[p * k + j];
                    assertTrue(w[p * k + j] >= 0);
                }
                assertEquals(1.0, sum, 1e-6, "row " + p + " of K=" + k);
            }
        }
        float[] w = AlignmentProjectors.upsampling(4, 64);
        assertEquals(1.0, w[0], 1e-6); // top-left patch reads only the top-left latent
        assertEquals(1.0, w[63 * 4 + 3], 1e-6); // bottom-right patch reads only the bottom-right latent
    }
}
