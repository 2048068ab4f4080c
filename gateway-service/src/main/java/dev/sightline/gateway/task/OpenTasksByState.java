package dev.sightline.gateway.task;

/**
 * The open tasks' states for the {@code sightline_tasks{state}} gauges: one read of Redis serves both gauges of a
 * scrape (a snapshot at most a second old), and a failed read reports NaN (no sample) rather than failing it.
 */
final class OpenTasksByState {
    private static final long MAX_AGE_NANOS = 1_000_000_000L;
    private static final double[] UNKNOWN = {Double.NaN, Double.NaN};

    private final TaskStore store;
    private double[] counts = UNKNOWN;
    private long readAt;
    private boolean read;

    OpenTasksByState(TaskStore store) {
        this.store = store;
    }

    double queued() {
        return snapshot()[0];
    }

    double running() {
        return snapshot()[1];
    }

    private synchronized double[] snapshot() {
        long now = System.nanoTime();
        if (!read || now - readAt > MAX_AGE_NANOS) {
            try {
                long[] c = store.openByStatus();
                counts = new double[] {c[0], c[1]};
            } catch (RuntimeException e) {
                counts = UNKNOWN;
            }
            readAt = now;
            read = true;
        }
        return counts;
    }
}
