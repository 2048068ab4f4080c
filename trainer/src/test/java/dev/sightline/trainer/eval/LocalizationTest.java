package dev.sightline.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocalizationTest {
    private static final String GOLD = "The red cube is at x = 1.0, z = -1.0. The blue ball is at x = -1.0, z = 1.0."
            + " There is a small green cone at x = 0.0, z = 2.0. So the answer is red cube.";

    @Test
    void anExactChainHasNoErrorAndCorrelatesPerfectly() {
        Localization l = new Localization();
        l.add(GOLD, GOLD);
        assertEquals(3, l.count());
        assertEquals(0, l.meanError(0), 1e-9);
        assertEquals(0, l.meanError(1), 1e-9);
        assertEquals(1, l.correlation(0), 1e-9);
        assertTrue(l.meanErrorOfTheMean(0) > 0.5);
    }

    @Test
    void theSameNumbersForEveryObjectAreNoBetterThanTheMean() {
        Localization l = new Localization();
        l.add(
                "The red cube is at x = 0.0, z = 0.7. The blue ball is at x = 0.0, z = 0.7."
                        + " There is a small green cone at x = 0.0, z = 0.7.",
                GOLD);
        assertEquals(3, l.count());
        assertEquals(l.meanErrorOfTheMean(0), l.meanError(0), 1e-9);
        assertTrue(Double.isNaN(l.correlation(0)), "constant writes have no correlation");
    }

    @Test
    void objectsTheGoldChainDoesNotLocateAreNotCounted() {
        Localization l = new Localization();
        l.add("The purple cube is at x = 1.0, z = 1.0. The red cube is at x = 0.5, z = -1.0.", GOLD);
        assertEquals(1, l.count());
        assertEquals(0.5, l.meanError(0), 1e-9);
    }

    @Test
    void aGridChainsSquaresCountAtTheirCentresAndTheRightSquareIsCounted() {
        Localization l = new Localization();
        // x = 1.0 is in column 4 (centre 1.5), z = -1.0 in row 2 (centre -0.5); the ball is one column off
        l.add("The red cube is in column 4, row 2. The blue ball is in column 3, row 4.", GOLD);
        assertEquals(2, l.count());
        assertEquals(0.5, l.meanError(1), 1e-9);
        assertEquals(0.5, l.sameSquare(0), 1e-9);
        assertEquals(1.0, l.sameSquare(1), 1e-9);
        assertTrue(l.summary().contains("in the right square x 50 %, z 100 %"), l.summary());
    }
}
