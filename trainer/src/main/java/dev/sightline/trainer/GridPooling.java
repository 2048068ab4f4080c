package dev.sightline.trainer;

/**
 * Average pooling of a square grid of visual tokens onto coarser square grids, as {@code [cells, tokens]} weights to
 * multiply the tokens by: the sketch's latents and LVR's map targets read the top-down map through it.
 */
final class GridPooling {
    private GridPooling() {}

    /**
     * Average pooling of a square grid of {@code n} tokens onto a square grid of {@code m} cells, {@code [m, n]}
     * row-major: each cell covers the same share of the image, and a token it covers only in part counts by the
     * area it shares (so 8 x 8 tokens pool onto 3 x 3 cells too; where the sides divide, the plain block mean).
     * Each row sums to 1.
     */
    static float[] grid(int m, int n) {
        int q = (int) Math.round(Math.sqrt(n));
        int s = (int) Math.round(Math.sqrt(m));
        if (!square(n) || !square(m) || s > q) {
            throw new IllegalArgumentException("cannot pool a grid of " + n + " tokens to " + m);
        }
        double side = (double) q / s; // a cell's side, in tokens
        float[] w = new float[m * n];
        for (int cy = 0; cy < s; cy++) {
            for (int cx = 0; cx < s; cx++) {
                for (int y = (int) Math.floor(cy * side); y < Math.min(q, Math.ceil((cy + 1) * side)); y++) {
                    double oy = Math.min(y + 1, (cy + 1) * side) - Math.max(y, cy * side);
                    for (int x = (int) Math.floor(cx * side); x < Math.min(q, Math.ceil((cx + 1) * side)); x++) {
                        double ox = Math.min(x + 1, (cx + 1) * side) - Math.max(x, cx * side);
                        w[(cy * s + cx) * n + y * q + x] = (float) (oy * ox / (side * side));
                    }
                }
            }
        }
        return w;
    }

    /** Whether {@code n} cells make a square grid. */
    static boolean square(int n) {
        long side = Math.round(Math.sqrt(n));
        return side * side == n;
    }

    /**
     * The first {@code k} cells of a pyramid of square grids over {@code n} tokens, {@code [k, n]}: the 1 × 1 grid's
     * cell, the 2 × 2 grid's four, the 3 × 3 grid's nine and so on, each level row-major ({@link #grid}), so
     * row {@code i} is the same for every {@code k > i}.
     */
    static float[] pyramid(int k, int n) {
        float[] w = new float[k * n];
        int row = 0;
        for (int side = 1; row < k; side++) {
            float[] level = grid(side * side, n);
            int take = Math.min(side * side, k - row);
            System.arraycopy(level, 0, w, row * n, take * n);
            row += take;
        }
        return w;
    }
}
