package dev.sightline.latent.session;

import java.util.Arrays;

/**
 * A multi-position input (a prompt, a sketch's latents): token ids, some rows replaced by vectors.
 *
 * @param ids one token id per position ({@code <|image|>} where a vector replaces it)
 * @param vectorRows positions whose input is a vector instead of the token's embedding
 * @param vectors those vectors, {@code [vectorRows.length, hidden_size]} row-major
 */
record InputChunk(int[] ids, int[] vectorRows, float[] vectors) {
    /** Floats per vector: the model's hidden size, or 0 when no row is a vector. */
    int width() {
        return vectorRows.length == 0 ? 0 : vectors.length / vectorRows.length;
    }

    /** Positions {@code [from, n)} of this chunk, vector rows renumbered. */
    InputChunk from(int from) {
        int width = width();
        int kept = 0;
        for (int r : vectorRows) {
            kept += r >= from ? 1 : 0;
        }
        int[] rows = new int[kept];
        float[] vecs = new float[kept * width];
        int k = 0;
        for (int i = 0; i < vectorRows.length; i++) {
            if (vectorRows[i] >= from) {
                rows[k] = vectorRows[i] - from;
                System.arraycopy(vectors, i * width, vecs, k * width, width);
                k++;
            }
        }
        return new InputChunk(Arrays.copyOfRange(ids, from, ids.length), rows, vecs);
    }
}
