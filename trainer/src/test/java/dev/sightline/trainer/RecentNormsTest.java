package dev.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RecentNormsTest {
    @Test
    void oneOverflowingNormDoesNotMoveTheScale() {
        RecentNorms norms = new RecentNorms(8);
        norms.add(1e19);
        norms.add(2);
        norms.add(3);
        assertEquals(3, norms.median());
        norms.add(4);
        assertEquals(3.5, norms.median());
    }

    @Test
    void onlyTheLastCapacityNormsCount() {
        RecentNorms norms = new RecentNorms(3);
        for (double n : new double[] {100, 100, 100, 1, 2, 3}) {
            norms.add(n);
        }
        assertEquals(3, norms.size());
        assertEquals(2, norms.median());
    }

    @Test
    void noNormsMeansNoScale() {
        assertEquals(0, new RecentNorms(4).median());
    }

    @Test
    void theWindowReadsBackOldestFirstAndRefillsToTheSameMedian() {
        RecentNorms norms = new RecentNorms(3);
        for (double n : new double[] {9, 1, 2, 3}) {
            norms.add(n);
        }
        assertArrayEquals(new double[] {1, 2, 3}, norms.toArray());
        RecentNorms restored = new RecentNorms(3);
        for (double n : norms.toArray()) {
            restored.add(n);
        }
        restored.add(10);
        norms.add(10);
        assertArrayEquals(norms.toArray(), restored.toArray(), "the restored window drops the same oldest norm");
        assertEquals(norms.median(), restored.median());
    }
}
