package dev.sightline.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ColumnMomentsTest {
    @Test
    void eachColumnHasItsOwnMeanAndVariance() {
        // three rows of two columns: (1, 10), (2, 10), (3, 10)
        ColumnMoments m = ColumnMoments.of(new float[] {1, 10, 2, 10, 3, 10}, 2);
        assertArrayEquals(new double[] {2, 10}, m.mean(), 1e-12);
        assertArrayEquals(new double[] {14 / 3.0, 100}, m.meanSquare(), 1e-12);
        assertEquals(2 / 3.0, m.variance(0), 1e-12);
        assertEquals(0, m.variance(1), 1e-12);
    }
}
