package dev.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SampleLossTest {

    @Test
    void eachLvrTargetRowAveragesItsOwnGroupOfTheRegionAndNothingElse() {
        int tokens = 20;
        int[] region = {3, 4, 5, 10, 11, 12, 17, 18};
        float[] w = SampleLoss.groupMeans(4, region, tokens);
        for (int row = 0; row < 4; row++) {
            double sum = 0;
            for (int t = 0; t < tokens; t++) {
                sum += w[row * tokens + t];
            }
            assertEquals(1, sum, 1e-6, "row " + row);
            // Eight tokens in four groups: row i is the mean of region[2i] and region[2i + 1].
            assertEquals(0.5f, w[row * tokens + region[2 * row]]);
            assertEquals(0.5f, w[row * tokens + region[2 * row + 1]]);
        }
    }

    @Test
    void aRegionSmallerThanKSpreadsItsTokensOverTheLatents() {
        float[] w = SampleLoss.groupMeans(4, new int[] {7, 9}, 10);
        assertEquals(1f, w[7]);
        assertEquals(1f, w[10 + 7]);
        assertEquals(1f, w[20 + 9]);
        assertEquals(1f, w[30 + 9]);
    }
}
