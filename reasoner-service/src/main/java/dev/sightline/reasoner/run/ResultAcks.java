package dev.sightline.reasoner.run;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results a replica handed to its producer and has not heard back about. On shutdown the replica waits for them
 * before it hands its unfinished tasks back: a result still on its way when the outbox has drained would otherwise
 * leave its task registered as unfinished, to be run again by another replica (and its late acknowledgement would
 * find the done marks' thread stopped).
 */
final class ResultAcks {
    private static final Logger log = LoggerFactory.getLogger(ResultAcks.class);
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

    /** {@code acked} completes once the result is acknowledged and whatever follows it (the done mark) has run. */
    void track(CompletableFuture<?> acked) {
        pending.add(acked);
        acked.whenComplete((ok, failure) -> pending.remove(acked));
    }

    /** Waits until every tracked result is acknowledged or failed, up to {@code deadline} (nanoTime), at least 1 s. */
    void await(long deadline) {
        long wait = Math.max(deadline - System.nanoTime(), TimeUnit.SECONDS.toNanos(1));
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(wait, TimeUnit.NANOSECONDS);
        } catch (ExecutionException failed) {
            // a result that failed was logged where it failed; its task stays registered and is handed back
        } catch (TimeoutException late) {
            log.warn("{} results not acknowledged in time; their tasks are handed back", pending.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
