package dev.sightline.latent.session;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cumulative counts of a {@link BatchScheduler}'s language-model forwards that completed, by kind: how many, how
 * many session rows they carried, how long they took (wall time, from building the input to its outputs and logits
 * on the host, so not what the sessions then do with them: sampling, steps published; a prompt longer than
 * {@code prefillChunk} counts one forward per chunk) and how much of that the
 * scheduler's thread spent on a core (its CPU time; 0 where the JVM cannot measure a thread's CPU).
 * Rows per forward is the batch's occupancy; time per forward, compared with {@code sightline bench engine}
 * on an idle machine, shows what the rest of the machine takes from the engine, and CPU time beside wall time
 * splits that into waiting for a core (wall minus CPU) and running slower on one (more CPU per forward).
 * Prompts that begin with a cached prefix count here too: how many prompts looked one up, how many found one,
 * and the positions the prefill did not compute. Written by the scheduler thread, read from any thread
 * (metrics); the counts only grow.
 */
public final class ForwardStats {
    /** What a forward was for. */
    public enum Kind {
        /** Prompt or sketch chunks, one session per row (packed) or alone. */
        PREFILL,
        /** One new position per session: a token, a latent step. */
        DECODE
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean THREAD_CPU = THREADS.isCurrentThreadCpuTimeSupported();

    private final AtomicLong[] forwards = counters();
    private final AtomicLong[] rows = counters();
    private final AtomicLong[] nanos = counters();
    private final AtomicLong[] cpuNanos = counters();
    private final AtomicLong prefixLookups = new AtomicLong();
    private final AtomicLong prefixHits = new AtomicLong();
    private final AtomicLong prefixPositions = new AtomicLong();

    public ForwardStats() {}

    private static AtomicLong[] counters() {
        AtomicLong[] a = new AtomicLong[Kind.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new AtomicLong();
        }
        return a;
    }

    /** The calling thread's CPU time so far, in ns (0 where the JVM cannot measure it): a forward's start. */
    static long threadCpuNanos() {
        return THREAD_CPU ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    /** A completed forward that began at {@code startNanos} (nanoTime) and {@code startCpuNanos} (threadCpuNanos). */
    void record(Kind kind, int sessionRows, long startNanos, long startCpuNanos) {
        forwards[kind.ordinal()].incrementAndGet();
        rows[kind.ordinal()].addAndGet(sessionRows);
        nanos[kind.ordinal()].addAndGet(System.nanoTime() - startNanos);
        cpuNanos[kind.ordinal()].addAndGet(threadCpuNanos() - startCpuNanos);
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

    /** The scheduler thread's CPU time in those forwards (at most {@link #seconds}; the rest it waited for a core). */
    public double cpuSeconds(Kind kind) {
        return cpuNanos[kind.ordinal()].get() / 1e9;
    }

    /** A prompt joined; {@code reusedPositions} of it came from the prefix cache (0: none). */
    void recordPrefixLookup(int reusedPositions) {
        prefixLookups.incrementAndGet();
        if (reusedPositions > 0) {
            prefixHits.incrementAndGet();
            prefixPositions.addAndGet(reusedPositions);
        }
    }

    /** Prompts that looked up a cached prefix (every prompt, while the cache is on). */
    public long prefixLookups() {
        return prefixLookups.get();
    }

    /** Prompts that found one. */
    public long prefixHits() {
        return prefixHits.get();
    }

    /** Prompt positions restored from the cache instead of computed. */
    public long prefixPositions() {
        return prefixPositions.get();
    }

    /** A copy of the counts now: {@link #since} it, later, gives what happened in between. */
    public ForwardStats snapshot() {
        return since(new ForwardStats());
    }

    /** The counts added after {@code earlier}, a snapshot of this same object. */
    public ForwardStats since(ForwardStats earlier) {
        ForwardStats d = new ForwardStats();
        for (int k = 0; k < forwards.length; k++) {
            d.forwards[k].set(forwards[k].get() - earlier.forwards[k].get());
            d.rows[k].set(rows[k].get() - earlier.rows[k].get());
            d.nanos[k].set(nanos[k].get() - earlier.nanos[k].get());
            d.cpuNanos[k].set(cpuNanos[k].get() - earlier.cpuNanos[k].get());
        }
        d.prefixLookups.set(prefixLookups.get() - earlier.prefixLookups.get());
        d.prefixHits.set(prefixHits.get() - earlier.prefixHits.get());
        d.prefixPositions.set(prefixPositions.get() - earlier.prefixPositions.get());
        return d;
    }
}
