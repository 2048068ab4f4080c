package dev.sightline.trainer.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VisualDiversityTest {

    @Test
    void tokensThatAreAllTheSameVectorHaveNoDiversityWhateverTheirNorm() {
        float[] same = new float[4 * 3];
        for (int i = 0; i < 4; i++) {
            same[i * 3] = 30f;
            same[i * 3 + 1] = -5f;
            same[i * 3 + 2] = 0.5f;
        }
        assertEquals(0, VisualDiversity.of(same, 3), 1e-9);
    }

    @Test
    void aSharedOffsetFarLargerThanTheTokensDifferencesReadsAsCollapsed() {
        // what a collapsed tower looks like: distinct tokens under one large common vector
        float[] tokens = {1f, 0f, 0f, 1f, -1f, 0f, 0f, -1f};
        double distinct = VisualDiversity.of(tokens, 2);
        float[] shifted = tokens.clone();
        for (int i = 0; i < shifted.length; i += 2) {
            shifted[i] += 100f;
        }
        assertEquals(1.0, distinct, 1e-9);
        assertTrue(VisualDiversity.of(shifted, 2) < VisualDiversity.COLLAPSED);
    }
}
