package dev.sightline.latent.session;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Cumulative counts of a {@link BatchScheduler}'s language-model forwards that completed, by kind: how many, how
 * many session rows they carried and how long they took (wall time, from building the input to handing out the
 * outputs; a prompt longer than {@code prefillChunk} counts one forward per chunk).
 * Rows per forward is the batch's occupancy; time per forward, compared with {@code sightline bench engine}
 * on an idle machine, shows what the rest of the machine takes from the engine. Written by the scheduler
 * thread, read from any thread (metrics); the counts only grow.
 */
public final class ForwardStats {
    /** What a forward was for. */
    public enum Kind {
        /** Prompt or sketch chunks, one session per row (packed) or alone. */
        PREFILL,
        /** One new position per session: a token, a latent step. */
        DECODE
    }

    private final AtomicLong[] forwards = counters();
    private final AtomicLong[] rows = counters();
    private final AtomicLong[] nanos = counters();

    public ForwardStats() {}

    private static AtomicLong[] counters() {
        AtomicLong[] a = new AtomicLong[Kind.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new AtomicLong();
        }
        return a;
    }

    void record(Kind kind, int sessionRows, long elapsedNanos) {
        forwards[kind.ordinal()].incrementAndGet();
        rows[kind.ordinal()].addAndGet(sessionRows);
        nanos[kind.ordinal()].addAndGet(elapsedNanos);
    }

    public long forwards(Kind kind) {
        return forwards[kind.ordinal()].get();
    }

    /** Session rows over all forwards of {@code kind} (a prefill row is one session's chunk). */
    public long rows(Kind kind) {
        return rows[kind.ordinal()].get();
    }

    public double seconds(Kind kind) {
        return nanos[kind.ordinal()].get() / 1e9;
    }
}
