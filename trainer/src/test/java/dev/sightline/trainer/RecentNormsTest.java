package dev.sightline.trainer;

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
}
