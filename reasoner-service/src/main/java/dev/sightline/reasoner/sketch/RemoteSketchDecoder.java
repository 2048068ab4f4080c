package dev.sightline.reasoner.sketch;

import dev.sightline.contracts.sketch.SketchRequest;
import dev.sightline.contracts.sketch.SketchResponse;
import dev.sightline.latent.sketch.SketchDecoder;
import dev.sightline.latent.sketch.SketchUnavailableException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.micrometer.observation.Observation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.web.client.RestClient;

/**
 * The diffusion-decoder service as the engine's {@link SketchDecoder}: one HTTP call per session asking (the
 * service micro-batches concurrent calls), each in its own task's trace and guarded by Resilience4j — retry
 * around circuit breaker around time limiter around bulkhead around the call (the HTTP client's own connect and
 * read timeouts stay as a backstop). Whatever fails (timeout, 5xx, open circuit, full bulkhead) becomes
 * {@link SketchUnavailableException}, on which sessions record {@code SKETCH_SKIPPED}, go on and end
 * {@code degraded}.
 *
 * <p>{@link #sampleAsync} makes the call on this decoder's own threads, so the scheduler keeps stepping the
 * sessions that did not ask while a slow or hung decoder runs into its timeout. {@link #close()} stops them.
 */
public final class RemoteSketchDecoder implements SketchDecoder {
    private final RestClient http;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final Bulkhead bulkhead;
    private final TimeLimiter timeLimiter;
    private final int numLatents;
    private final int dim;
    /** A task's trace by its id (null: none); asked on the scheduler thread, the only caller. */
    private Function<String, Observation> traces = taskId -> null;
    /** As many callers as the bulkhead lets through; further requests queue here, not in the scheduler. */
    private final ExecutorService calls;
    /** Where each attempt runs, so the time limiter can stop waiting for it (and interrupt it). */
    private final ExecutorService attempts;

    public RemoteSketchDecoder(
            RestClient http,
            CircuitBreaker breaker,
            Retry retry,
            TimeLimiter timeLimiter,
            Bulkhead bulkhead,
            int numLatents,
            int dim) {
        this.http = http;
        this.breaker = breaker;
        this.retry = retry;
        this.timeLimiter = timeLimiter;
        this.bulkhead = bulkhead;
        this.numLatents = numLatents;
        this.dim = dim;
        int threads = Math.max(1, bulkhead.getBulkheadConfig().getMaxConcurrentCalls());
        this.calls = Executors.newFixedThreadPool(threads, daemon("sketch-call"));
        this.attempts = Executors.newCachedThreadPool(daemon("sketch-attempt"));
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Where a call finds the trace of the task it serves ({@code traces} is asked on the scheduler thread, which
     * owns the tasks; it may answer null).
     */
    public void traceTasksBy(Function<String, Observation> traces) {
        this.traces = traces;
    }

    @Override
    public float[][] sample(float[][] conditions, long[] seeds) {
        return call(conditions, seeds, null);
    }

    @Override
    public boolean batchesConcurrentRequests() {
        return true;
    }

    @Override
    public CompletableFuture<float[][]> sampleAsync(float[][] conditions, long[] seeds, String[] taskIds) {
        // an HTTP request has one parent: a call for several tasks joins the first one's trace
        Observation parent = taskIds.length == 0 ? null : traces.apply(taskIds[0]);
        try {
            return CompletableFuture.supplyAsync(() -> call(conditions, seeds, parent), calls);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(
                    new SketchUnavailableException("sketch decoder client is shut down", e));
        }
    }

    private static <T> T inTrace(Observation parent, Supplier<T> work) {
        if (parent == null) {
            return work.get();
        }
        try (Observation.Scope ignored = parent.openScope()) {
            return work.get();
        }
    }

    private float[][] call(float[][] conditions, long[] seeds, Observation parent) {
        // the attempt runs on another thread: the trace goes with it, so the HTTP span is still this task's
        Supplier<SketchResponse> call = () -> inTrace(
                parent,
                () -> http.post()
                        .uri("/v1/sketches")
                        .body(new SketchRequest(conditions, seeds))
                        .retrieve()
                        .body(SketchResponse.class));
        Supplier<SketchResponse> bulkheaded = Bulkhead.decorateSupplier(bulkhead, call);
        Supplier<SketchResponse> timed = () -> {
            try {
                return timeLimiter.executeFutureSupplier(() -> attempts.submit(bulkheaded::get));
            } catch (RuntimeException e) {
                throw e;
            } catch (InterruptedException e) {
                // closing: no retry, and the flag stays set for whoever waits on this thread
                Thread.currentThread().interrupt();
                throw new SketchUnavailableException("sketch call interrupted", e);
            } catch (Exception e) { // TimeoutException, or the attempt's own failure wrapped
                throw new IllegalStateException(e.getMessage(), e);
            }
        };
        Supplier<SketchResponse> guarded =
                Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, timed));
        SketchResponse response;
        try {
            response = guarded.get();
        } catch (RuntimeException e) {
            throw new SketchUnavailableException(
                    "sketch decoder unavailable (circuit " + breaker.getState() + "): " + e.getMessage(), e);
        }
        if (response == null || response.numLatents() != numLatents || response.dim() != dim) {
            throw new SketchUnavailableException(
                    "sketch decoder answered "
                            + (response == null ? "nothing" : response.numLatents() + "x" + response.dim())
                            + ", expected " + numLatents + "x" + dim,
                    null);
        }
        return response.latents();
    }

    @Override
    public int numLatents() {
        return numLatents;
    }

    @Override
    public void close() {
        calls.shutdownNow();
        attempts.shutdownNow();
    }
}
