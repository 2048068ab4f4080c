package dev.sightline.trainer;

import java.io.PrintStream;

/**
 * The length of one stage, in steps. With a step count the length is fixed. With a time budget it is planned
 * from the pace this invocation measures: first from {@value #CALIBRATION} steps after its first one (which
 * pays for JIT compilation and would make the plan too short), then again every {@value #REPLAN_EVERY} steps
 * from the last window. After {@value #REPLAN_UNTIL} of the stage's time the horizon is settled: it may still
 * shrink, if the pace drops, so that the stage ends on time, but never grows, so that the cosine decays to its
 * floor. A stage resumed after a kill keeps the clock it began on (its elapsed time counts) and re-plans at the
 * resumed pace, as one that ran through would.
 *
 * <p>Why re-plan at all: the first plan is made while the JIT is still compiling and came out short (852 steps
 * where ~1 200 fit in 30 minutes), and a stage-2 plan from one window overran its 14.3 minutes by 3.5 when this
 * shared machine slowed from 1.8 to 1.4 samples/s.
 */
final class StagePlanner {
    static final long CALIBRATION = 5;
    static final long REPLAN_EVERY = 40;
    static final double REPLAN_UNTIL = 0.8;

    private final int stage;
    private final boolean budgeted;
    private final double stageSeconds;
    private final double stageBegan;
    private final long enteredAt;
    private final PrintStream log;
    private long planned;
    /** The open timing window: its start on the run's clock and the step within the stage it began at. */
    private double windowFrom = -1;

    private long windowAt;

    /**
     * @param planned the stage's length so far (0 when not yet planned; a resumed stage's from its checkpoint)
     * @param budgeted whether the length follows a time budget ({@code stageSeconds}) rather than a step count
     * @param stageBegan the run-clock second the stage began (before the kill, for a resumed stage)
     * @param enteredAt the step within the stage this invocation starts at
     */
    StagePlanner(
            int stage,
            long planned,
            boolean budgeted,
            double stageSeconds,
            double stageBegan,
            long enteredAt,
            PrintStream log) {
        this.stage = stage;
        this.planned = planned;
        this.budgeted = budgeted;
        this.stageSeconds = stageSeconds;
        this.stageBegan = stageBegan;
        this.enteredAt = enteredAt;
        this.log = log;
    }

    /**
     * The stage's length before step {@code inStage} (0: not known yet), {@code now} seconds into the run.
     * Call once per step, in order.
     */
    long beforeStep(long inStage, double now) {
        if (!budgeted) {
            return planned;
        }
        if (windowFrom < 0) {
            if (inStage - enteredAt == 1) {
                windowFrom = now;
                windowAt = inStage;
            }
            return planned;
        }
        long window = planned == 0 ? CALIBRATION : REPLAN_EVERY;
        if (inStage - windowAt == window) {
            double perStep = Math.max(1e-9, (now - windowFrom) / window);
            long candidate = inStage + Math.max(1, (long) ((stageSeconds - (now - stageBegan)) / perStep));
            boolean settled = planned > 0 && now - stageBegan >= REPLAN_UNTIL * stageSeconds;
            // Settled, the horizon only shrinks: a machine that slows down late must not carry the stage past its
            // time (two runs overran their 30 minutes by 0.7 and 2.6 when the load changed after the 80 % mark).
            if (!settled || candidate < planned) {
                planned = candidate;
                log.printf(
                        "stage %d: %.2f s per step, planning %d steps for %.1f min%n",
                        stage, perStep, planned, stageSeconds / 60);
            }
            windowFrom = now;
            windowAt = inStage;
        }
        return planned;
    }
}
