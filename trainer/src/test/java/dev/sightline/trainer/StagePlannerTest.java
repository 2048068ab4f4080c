package dev.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StagePlannerTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);

    /**
     * Steps {@code from} until {@code to} (exclusive) or the plan's end, as the trainer does, at {@code perStep}
     * seconds a step; returns the clock after.
     */
    private static double run(StagePlanner planner, long from, long to, double clock, double perStep, long[] last) {
        for (long step = from; step < to; step++) {
            last[0] = planner.beforeStep(step, clock);
            if (last[0] > 0 && step >= last[0]) {
                break;
            }
            clock += perStep;
        }
        return clock;
    }

    @Test
    void aBudgetedStagePlansAfterCalibrationAndFollowsALaterChangeOfPace() {
        // a 600 s stage: 1 s a step at first, then 2 s a step
        StagePlanner planner = new StagePlanner(1, 0, true, 600, 0, 0, log);
        long[] planned = {0};
        double clock = run(planner, 0, 7, 0, 1, planned);
        assertEquals(6 + (600 - 6), planned[0], "five steps timed after the first: 1 s a step for the 594 s left");
        clock = run(planner, 7, 47, clock, 2, planned);
        // the window of steps 6..46 ran at 1 s for one step and 2 s for 39: 1.975 s a step for what is left
        assertEquals(46 + (long) ((600 - clock + 2) / 1.975), planned[0]);
        assertTrue(planned[0] < 400, "slower steps shorten the plan");
    }

    @Test
    void afterEightyPercentOfItsTimeAFasterPaceDoesNotMoveTheEnd() {
        StagePlanner planner = new StagePlanner(2, 0, true, 1000, 0, 0, log);
        long[] planned = {0};
        double clock = run(planner, 0, 850, 0, 1, planned);
        long settled = planned[0];
        run(planner, 850, 2000, clock, 0.1, planned);
        assertEquals(settled, planned[0]);
    }

    @Test
    void aStageThatSlowsDownAfterEightyPercentStillEndsOnTime() {
        StagePlanner planner = new StagePlanner(2, 0, true, 1000, 0, 0, log);
        long[] planned = {0};
        double clock = run(planner, 0, 850, 0, 1, planned);
        long settled = planned[0];
        clock = run(planner, 850, 2000, clock, 2, planned);
        assertTrue(planned[0] < settled, "a slower pace shortens a settled plan");
        assertTrue(clock <= 1000 + 2 * StagePlanner.REPLAN_EVERY, "ends within a window of its time: " + clock);
    }

    @Test
    void aStageResumedMidwayCountsTheTimeItAlreadySpentAndKeepsReplanning() {
        // killed at step 300 of a 600 s stage that began at second 100 of the run and had spent 300 s
        StagePlanner planner = new StagePlanner(2, 600, true, 600, 100, 300, log);
        long[] planned = {0};
        run(planner, 300, 342, 400, 2, planned);
        // the window 301..341 at 2 s a step, at second 482: 218 s left of the stage's 600
        assertEquals(341 + 109, planned[0], "re-planned at the resumed pace, with the stage's own clock");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("stage 2: 2.00 s per step, planning 450 steps"));
    }

    @Test
    void aStageOfFixedLengthNeverReplans() {
        StagePlanner planner = new StagePlanner(1, 24, false, 0, 0, 0, log);
        long[] planned = {0};
        run(planner, 0, 100, 0, 5, planned);
        assertEquals(24, planned[0]);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
