package dev.sightline.trainer.data;

/**
 * Per-column first and second moments of row-major {@code [rows, dim]} values, summed in double precision: what
 * per-feature weights and standardizations are computed from.
 *
 * @param mean {@code [dim]}: each column's mean
 * @param meanSquare {@code [dim]}: each column's mean of squares
 */
public record ColumnMoments(double[] mean, double[] meanSquare) {
    /** The moments of {@code values}, {@code [rows, dim]} row-major. */
    public static ColumnMoments of(float[] values, int dim) {
        int rows = values.length / dim;
        double[] sum = new double[dim];
        double[] squares = new double[dim];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < dim; c++) {
                double v = values[r * dim + c];
                sum[c] += v;
                squares[c] += v * v;
            }
        }
        for (int c = 0; c < dim; c++) {
            sum[c] /= rows;
            squares[c] /= rows;
        }
        return new ColumnMoments(sum, squares);
    }

    /** Column {@code c}'s (population) variance. */
    public double variance(int c) {
        return meanSquare[c] - mean[c] * mean[c];
    }
}
