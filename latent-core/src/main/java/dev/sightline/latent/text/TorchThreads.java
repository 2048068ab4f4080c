package dev.sightline.latent.text;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Picks libtorch's intra-op thread count per forward. A decode step over a handful of rows is a chain of
 * tiny kernels whose cost is dispatch and thread wake-up, which a second thread only adds to; wide
 * forwards (large batches, prefill) are compute and use every thread. Measured on the 2-core machine:
 * batch 1 decode 1.9 ms with one thread vs 2.1 ms with two; batch 16 5.7 ms vs 4.2 ms.
 *
 * <p>The setting is <b>per calling thread</b>: libtorch's {@code set_num_threads} sets OpenMP's thread count
 * and MKL's local one, both of which belong to the thread that calls it. So each thread that computes (the
 * scheduler, the vision encoder's listener, the sketch decoder) keeps its own record of what it last set; a
 * process-wide record let one thread's switch hide another's, and the reasoner's GEMMs ran on two threads
 * under {@code -Dsightline.torch.threads=1} (docs/benchmarks.md, 2026-12-03, fourth session).
 *
 * <p>The ceiling is the smallest of libtorch's default (one per physical core), the JVM's available
 * processors (which honour a container's CPU limit, which libtorch does not see) and
 * {@code -Dsightline.torch.threads=N}. {@code sightline serve} sets that property to leave the rest of the
 * platform a core (see {@code ServeCommand}).
 */
public final class TorchThreads {
    /** Rows (batch x new positions) at or below which one thread is faster. */
    static final int SINGLE_THREAD_ROWS = 4;

    private static final int MAX = Math.max(
            1,
            Math.min(
                    Math.min(JniUtils.getNumThreads(), Runtime.getRuntime().availableProcessors()),
                    Integer.getInteger("sightline.torch.threads", 1 << 16)));
    /** What this thread last set (null: nothing yet, so libtorch's default or a stale inherited value). */
    private static final ThreadLocal<Integer> CURRENT = new ThreadLocal<>();

    private TorchThreads() {}

    /** The most threads one forward may use in this process (what {@code bench platform} reports). */
    public static int ceiling() {
        return MAX;
    }

    /** Sets the calling thread's count for a computation over {@code rows} independent rows. */
    public static void forRows(long rows) {
        int wanted = rows <= SINGLE_THREAD_ROWS ? 1 : MAX;
        Integer current = CURRENT.get();
        if (current == null || current != wanted) {
            JniUtils.setNumThreads(wanted);
            CURRENT.set(wanted);
        }
    }
}
