package dev.sightline.reasoner.run;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the sessions' records from a thread of its own, in the order they were handed in, so that the scheduler
 * thread (the engine's bottleneck) spends its time on forwards rather than on encoding and sending records: on the
 * two-core host a decode forward's cycle spent ~1.3 ms of ~5 ms publishing its steps (docs/benchmarks.md,
 * twenty-seventh session). One thread keeps each task's records in their order: its steps, then its result.
 *
 * <p>Bounded: once {@code capacity} records wait, {@link #submit} blocks until one leaves, so a publisher that falls
 * behind slows the sessions down instead of queueing without end. Lifecycle: the thread starts with the first
 * record; {@link #close} publishes what was handed in (up to its timeout) and stops; a record handed in after that is
 * refused with {@link RejectedExecutionException}.
 */
final class Outbox implements AutoCloseable {
    private final ThreadPoolExecutor executor;
    private final Duration closeTimeout;

    Outbox(String threadName, int capacity, Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
        this.executor = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(capacity),
                r -> {
                    Thread t = new Thread(r, threadName);
                    t.setDaemon(true);
                    return t;
                },
                (r, pool) -> {
                    // full: wait for room rather than run it here, which would overtake the records queued before it
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException(threadName + " is closed");
                    }
                    try {
                        pool.getQueue().put(r);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new RejectedExecutionException(threadName + ": interrupted while full", e);
                    }
                });
    }

    /** Hands {@code publish} over; it runs after everything handed over before it. Blocks while the outbox is full. */
    void submit(Runnable publish) {
        executor.execute(publish);
    }

    /** Publishes what was handed in, waiting up to the close timeout; true when everything left in time. */
    boolean drain() {
        executor.shutdown();
        try {
            return executor.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (!drain()) {
            executor.shutdownNow();
        }
    }
}
