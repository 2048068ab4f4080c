package dev.sightline.latent.text;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Picks libtorch's intra-op thread count per forward. A decode step over a handful of rows is a chain of
 * tiny kernels whose cost is dispatch and thread wake-up, which a second thread only adds to; wide
 * forwards (large batches, prefill) are compute and use every thread. Measured on the 2-core machine:
 * batch 1 decode 1.9 ms with one thread vs 2.1 ms with two; batch 16 5.7 ms vs 4.2 ms.
 *
 * <p>Process-wide (libtorch's setting is global); only the scheduler thread calls it. The ceiling is
 * libtorch's default (one per core) unless {@code -Dsightline.torch.threads=N} lowers it. {@code sightline
 * serve} keeps the default: on the two-core machine one thread for its reasoner, whose second core the other
 * services compete for, measured no better than two (docs/benchmarks.md).
 */
public final class TorchThreads {
    /** Rows (batch x new positions) at or below which one thread is faster. */
    static final int SINGLE_THREAD_ROWS = 4;

    private static final int MAX =
            Math.max(1, Math.min(JniUtils.getNumThreads(), Integer.getInteger("sightline.torch.threads", 1 << 16)));
    /** What libtorch runs with now (its default until the first switch), not what it may run with. */
    private static int current = Math.max(1, JniUtils.getNumThreads());

    private TorchThreads() {}

    /** Sets the thread count for a computation over {@code rows} independent rows. */
    public static void forRows(long rows) {
        int wanted = rows <= SINGLE_THREAD_ROWS ? 1 : MAX;
        if (wanted != current) {
            JniUtils.setNumThreads(wanted);
            current = wanted;
        }
    }
}
