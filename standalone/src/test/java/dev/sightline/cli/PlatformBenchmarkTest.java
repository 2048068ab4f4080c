package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlatformBenchmarkTest {
    @Test
    void theMedianOfAnOddCountIsItsMiddleValue() {
        assertEquals(0.7, PlatformBenchmark.med(new double[] {0.9, 0.7, 0.6}));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(0.65, PlatformBenchmark.med(new double[] {0.8, 0.5}), 1e-12);
        assertEquals(0.65, PlatformBenchmark.med(new double[] {0.9, 0.6, 0.7, 0.5}), 1e-12);
    }
}
