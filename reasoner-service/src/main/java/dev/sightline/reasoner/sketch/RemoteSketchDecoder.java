package dev.sightline.reasoner.sketch;

import dev.sightline.contracts.sketch.SketchRequest;
import dev.sightline.contracts.sketch.SketchResponse;
import dev.sightline.latent.sketch.SketchDecoder;
import dev.sightline.latent.sketch.SketchUnavailableException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.observation.Observation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.springframework.web.client.RestClient;

/**
 * The diffusion-decoder service as the engine's {@link SketchDecoder}: one HTTP call per scheduler step for all
 * sessions asking, guarded by Resilience4j — retry around circuit breaker around bulkhead around the timed
 * call. Whatever fails (timeout, 5xx, open circuit, full bulkhead) becomes {@link SketchUnavailableException},
 * on which sessions record {@code SKETCH_SKIPPED}, go on and end {@code degraded}.
 *
 * <p>{@link #sampleAsync} makes the call on this decoder's own threads, so the scheduler keeps stepping the
 * sessions that did not ask while a slow or hung decoder runs into its timeout. {@link #close()} stops them.
 */
public final class RemoteSketchDecoder implements SketchDecoder {
    private final RestClient http;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final Bulkhead bulkhead;
    private final int numLatents;
    private final int dim;
    /** The trace the next call belongs to; set by the scheduler thread, the only caller. */
    private Observation trace;
    /** As many callers as the bulkhead lets through; further requests queue here, not in the scheduler. */
    private final ExecutorService calls;

    public RemoteSketchDecoder(
            RestClient http, CircuitBreaker breaker, Retry retry, Bulkhead bulkhead, int numLatents, int dim) {
        this.http = http;
        this.breaker = breaker;
        this.retry = retry;
        this.bulkhead = bulkhead;
        this.numLatents = numLatents;
        this.dim = dim;
        int threads = Math.max(1, bulkhead.getBulkheadConfig().getMaxConcurrentCalls());
        this.calls = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sketch-call");
            t.setDaemon(true);
            return t;
        });
    }

    /** Makes the next {@link #sample} call part of {@code trace} (null: no trace). */
    public void attributeTo(Observation trace) {
        this.trace = trace;
    }

    @Override
    public float[][] sample(float[][] conditions, long[] seeds) {
        return inTrace(trace, () -> call(conditions, seeds));
    }

    @Override
    public CompletableFuture<float[][]> sampleAsync(float[][] conditions, long[] seeds) {
        Observation parent = trace; // read on the scheduler thread, where it was set for this call
        try {
            return CompletableFuture.supplyAsync(() -> inTrace(parent, () -> call(conditions, seeds)), calls);
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

    private float[][] call(float[][] conditions, long[] seeds) {
        Supplier<SketchResponse> call = () -> http.post()
                .uri("/v1/sketches")
                .body(new SketchRequest(conditions, seeds))
                .retrieve()
                .body(SketchResponse.class);
        Supplier<SketchResponse> guarded = Retry.decorateSupplier(
                retry, CircuitBreaker.decorateSupplier(breaker, Bulkhead.decorateSupplier(bulkhead, call)));
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
    }
}
