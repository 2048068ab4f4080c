package dev.sightline.decoder;

import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.sketch.DiffusionHead;
import io.micrometer.core.instrument.DistributionSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Micro-batching: HTTP threads enqueue sketches; one worker takes the first, waits up to {@code batchWindow}
 * for more (up to {@code maxBatch}), samples them in one call of the diffusion head and completes each
 * caller's future with its rows. The head is used from that one thread only, as {@link DiffusionHead}
 * requires.
 */
@Component
class SketchBatcher implements DisposableBean {
    private record Pending(float[] condition, long seed, CompletableFuture<float[]> out) {}

    private final DiffusionHead head;
    private final DecoderProperties properties;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean closed;
    private volatile long batches;
    private volatile long sketches;
    /** Sketches per head call; null in tests without a registry. */
    DistributionSummary batchSizes;

    SketchBatcher(ModelBundle bundle, DecoderProperties properties) {
        if (!bundle.config().hasSketchHead()) {
            throw new IllegalStateException(
                    bundle.directory() + ": config.json has no sketch_config, nothing to serve");
        }
        this.head = new DiffusionHead(bundle);
        this.properties = properties;
        this.worker = new Thread(this::work, "sketch-batcher");
        worker.setDaemon(true);
        worker.start();
    }

    int numLatents() {
        return head.numLatents();
    }

    /** Mean sketches per head call so far (how well concurrent requests are batched). */
    double meanBatch() {
        return batches == 0 ? 0 : (double) sketches / batches;
    }

    CompletableFuture<float[]> submit(float[] condition, long seed) {
        var p = new Pending(condition, seed, new CompletableFuture<>());
        if (closed) {
            p.out.completeExceptionally(new IllegalStateException("decoder is shutting down"));
        } else {
            queue.add(p);
        }
        return p.out;
    }

    private void work() {
        while (!closed) {
            List<Pending> batch = new ArrayList<>();
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long until = System.nanoTime() + properties.batchWindow().toNanos();
                while (batch.size() < properties.maxBatch()) {
                    Pending next = queue.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            float[][] conditions = new float[batch.size()][];
            long[] seeds = new long[batch.size()];
            for (int i = 0; i < seeds.length; i++) {
                conditions[i] = batch.get(i).condition;
                seeds[i] = batch.get(i).seed;
            }
            try {
                float[][] latents = head.sample(conditions, seeds);
                batches++;
                if (batchSizes != null) {
                    batchSizes.record(batch.size());
                }
                sketches += batch.size();
                for (int i = 0; i < seeds.length; i++) {
                    batch.get(i).out.complete(latents[i]);
                }
            } catch (RuntimeException e) {
                batch.forEach(p -> p.out.completeExceptionally(e));
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        closed = true;
        worker.join(5000);
        queue.forEach(p -> p.out.completeExceptionally(new IllegalStateException("decoder is shutting down")));
        head.close();
    }
}
