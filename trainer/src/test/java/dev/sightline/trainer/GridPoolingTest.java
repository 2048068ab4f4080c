package dev.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GridPoolingTest {

    @Test
    void sketchPoolingAveragesTwoByTwoBlocksOfTheMapTokens() {
        float[] w = GridPooling.grid(16, 64);
        // Latent (row 1, column 2) of the 4x4 grid covers tokens rows 2-3, columns 4-5 of the 8x8 grid.
        int latent = 4 + 2;
        for (int token : new int[] {2 * 8 + 4, 2 * 8 + 5, 3 * 8 + 4, 3 * 8 + 5}) {
            assertEquals(0.25f, w[latent * 64 + token]);
        }
        double sum = 0;
        for (int t = 0; t < 64; t++) {
            sum += w[latent * 64 + t];
        }
        assertEquals(1, sum, 1e-6);
        assertThrows(IllegalArgumentException.class, () -> GridPooling.grid(10, 64));
    }

    @Test
    void aPyramidsCellsAreTheSameWhateverKAndRunFromTheWholeTableToFinerGrids() {
        float[] sixteen = GridPooling.pyramid(16, 64);
        float[] seven = GridPooling.pyramid(7, 64);
        for (int i = 0; i < seven.length; i++) {
            assertEquals(seven[i], sixteen[i], "a smaller K holds the first cells of a larger one");
        }
        for (int t = 0; t < 64; t++) {
            assertEquals(1f / 64, sixteen[t], 1e-7, "latent 0 is the whole table");
        }
        float[] two = GridPooling.grid(4, 64);
        float[] three = GridPooling.grid(9, 64);
        float[] four = GridPooling.grid(16, 64);
        for (int t = 0; t < 4 * 64; t++) {
            assertEquals(two[t], sixteen[64 + t], "latents 1-4: the 2 x 2 grid");
        }
        for (int t = 0; t < 9 * 64; t++) {
            assertEquals(three[t], sixteen[5 * 64 + t], "latents 5-13: the 3 x 3 grid");
        }
        for (int t = 0; t < 2 * 64; t++) {
            assertEquals(four[t], sixteen[14 * 64 + t], "latents 14-15: the 4 x 4 grid's first cells");
        }
    }

    @Test
    void poolingOntoAGridThatDoesNotDivideWeighsTokensByTheAreaTheyShare() {
        float[] w = GridPooling.grid(9, 64);
        // A cell of the 3x3 grid is 8/3 tokens a side: cell (0, 0) holds tokens 0-1 whole and 2/3 of token 2.
        float whole = 9f / 64;
        assertEquals(whole, w[0], 1e-6);
        assertEquals(whole * 2 / 3, w[2], 1e-6);
        assertEquals(whole * 4 / 9, w[2 * 8 + 2], 1e-6);
        assertEquals(0f, w[3]);
        for (int cell = 0; cell < 9; cell++) {
            double sum = 0;
            for (int t = 0; t < 64; t++) {
                sum += w[cell * 64 + t];
            }
            assertEquals(1, sum, 1e-6, "cell " + cell);
        }
    }
}
