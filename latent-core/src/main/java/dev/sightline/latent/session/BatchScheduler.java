package dev.sightline.latent.session;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.text.KvCache;
import dev.sightline.latent.text.LanguageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Continuous batching: steps many sessions together. Sessions join and leave between steps, in any mode.
 *
 * <p>One {@link #step()}: admit waiting sessions (each gets a KV-cache slot), stop cancelled ones, send
 * new sketch requests (one decoder batch) and deliver answered ones, prefill new prompts and sketch chunks (chunked, one session per
 * forward), then one padded {@code [B, 1, d]} decode forward for every session whose next input is a
 * single token or latent vector, and release finished sessions (the cache stays dense).
 *
 * <p>Owns its KV cache; {@link #close()} frees it and cancels what is still running (a decoder answer still
 * on its way is dropped). {@link #submit} is thread-safe; everything else runs on one thread.
 */
public final class BatchScheduler implements AutoCloseable {
    private final ReasoningEngine engine;
    private final LanguageModel model;
    private final NDManager manager;
    private final KvCache cache;
    private final Queue<ReasoningSession> waiting = new ConcurrentLinkedQueue<>();
    private final List<ReasoningSession> active = new ArrayList<>();
    private volatile boolean closed;
    private final SketchRequests sketches;
    /** Test hook: sees every forward's input rows and output rows, per session, on the host. */
    ForwardObserver observer;

    interface ForwardObserver {
        void forward(ReasoningSession session, float[] inputRows, float[] outputRows);
    }

    public BatchScheduler(ReasoningEngine engine) {
        this.engine = engine;
        this.model = engine.model();
        this.manager = engine.bundle().manager();
        EngineOptions o = engine.options();
        this.cache = model.newCache(o.maxSequenceLength(), Math.min(o.maxBatch(), 4));
        this.sketches = new SketchRequests(engine);
    }

    /**
     * Queues a session; it joins the batch at the next step with a free slot.
     *
     * @throws IllegalStateException after {@link #close()}: nothing is queued into a dead scheduler
     */
    public void submit(ReasoningSession session) {
        if (closed) {
            throw new IllegalStateException("scheduler is closed");
        }
        waiting.add(session);
    }

    /** Sessions holding a slot. */
    public int activeCount() {
        return active.size();
    }

    public boolean idle() {
        return active.isEmpty() && waiting.isEmpty();
    }

    /** Steps until every submitted session has finished. */
    public void runUntilIdle() {
        while (!idle()) {
            step();
        }
    }

    /** One scheduler iteration; see the class comment. */
    public void step() {
        while (active.size() < engine.options().maxBatch() && !waiting.isEmpty()) {
            ReasoningSession s = waiting.peek();
            try {
                s.slot = cache.allocate(); // may grow the cache; a failure leaves the session queued
            } catch (RuntimeException e) {
                waiting.poll();
                s.fail("cannot admit: " + e.getMessage());
                continue;
            }
            waiting.poll();
            active.add(s);
        }
        for (ReasoningSession s : active) {
            if (s.cancelRequested() && !s.isDone()) {
                s.cancelNow();
            }
        }
        sketches.send(active);
        sketches.deliverAnswered();
        boolean prefilled = false;
        for (ReasoningSession s : active) {
            if (!s.isDone() && s.phase == ReasoningSession.Phase.PREFILL && s.pendingChunk != null) {
                guarded(List.of(s), () -> prefill(s));
                prefilled = true;
            }
        }
        List<ReasoningSession> decoding = new ArrayList<>();
        for (ReasoningSession s : active) {
            if (!s.isDone() && s.phase == ReasoningSession.Phase.DECODE) {
                decoding.add(s);
            }
        }
        if (!decoding.isEmpty()) {
            decoding.sort(Comparator.comparingInt(s -> s.slot));
            guarded(decoding, () -> decode(decoding));
        } else if (!prefilled && sketches.inFlight()) {
            sketches.awaitAny(); // every unfinished session waits for the decoder: do not spin
        }
        releaseFinished();
    }

    /** A failing forward fails its sessions with the reason instead of leaving them hanging. */
    private void guarded(List<ReasoningSession> sessions, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            for (ReasoningSession s : sessions) {
                if (!s.isDone()) {
                    s.fail("engine error: " + e.getMessage());
                }
            }
        }
    }

    private void prefill(ReasoningSession s) {
        ReasoningSession.Chunk chunk = s.pendingChunk;
        int d = engine.bundle().config().hiddenSize();
        int total = chunk.ids().length;
        int step = engine.options().prefillChunk();
        for (int from = 0; from < total; from += step) {
            int to = Math.min(total, from + step);
            try (NDScope ignored = new NDScope()) {
                NDArray x = embedChunk(chunk, from, to, d).reshape(1, to - from, d);
                NDArray hidden = model.forward(x, cache, new int[] {s.slot}, new int[] {s.length});
                if (observer != null) {
                    observer.forward(s, x.toFloatArray(), hidden.toFloatArray());
                }
                s.length += to - from;
                if (to == total) {
                    NDArray last = hidden.get(new NDIndex().addIndices(0).addIndices(to - from - 1)); // [d]
                    deliver(List.of(s), last.reshape(1, d));
                }
            }
        }
    }

    /** Embeddings of chunk positions {@code [from, to)}, {@code [to-from, d]}, vectors overwriting their rows. */
    private NDArray embedChunk(ReasoningSession.Chunk chunk, int from, int to, int d) {
        long[] ids = new long[to - from];
        for (int i = from; i < to; i++) {
            ids[i - from] = chunk.ids()[i];
        }
        NDArray x = model.embed(manager.create(ids));
        List<Integer> rows = new ArrayList<>();
        for (int r : chunk.vectorRows()) {
            if (r >= from && r < to) {
                rows.add(r);
            }
        }
        if (!rows.isEmpty()) {
            float[] vec = new float[rows.size() * d];
            long[] at = new long[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                int r = rows.get(i);
                System.arraycopy(chunk.vectors(), r * d, vec, i * d, d);
                at[i] = r - from;
            }
            x.set(new NDIndex("{}", manager.create(at)), manager.create(vec, new Shape(rows.size(), d)));
        }
        return x;
    }

    private void decode(List<ReasoningSession> batch) {
        int b = batch.size();
        int d = engine.bundle().config().hiddenSize();
        int[] slots = new int[b];
        int[] starts = new int[b];
        long[] ids = new long[b];
        List<Long> latentRows = new ArrayList<>();
        NDList latents = new NDList();
        for (int i = 0; i < b; i++) {
            ReasoningSession s = batch.get(i);
            slots[i] = s.slot;
            starts[i] = s.length;
            if (s.pendingLatent != null) {
                latentRows.add((long) i);
                latents.add(s.pendingLatent);
            } else {
                ids[i] = s.pendingToken;
            }
        }
        try (NDScope ignored = new NDScope()) {
            NDArray x = model.embed(manager.create(ids));
            if (!latents.isEmpty()) {
                long[] rows = latentRows.stream().mapToLong(Long::longValue).toArray();
                // Exact copy: a latent step's input is bit-for-bit the previous last hidden state.
                x.set(new NDIndex("{}", manager.create(rows)), NDArrays.stack(latents));
            }
            NDArray hidden =
                    model.forward(x.reshape(b, 1, d), cache, slots, starts).reshape(b, d);
            if (observer != null) {
                float[] in = x.toFloatArray();
                float[] out = hidden.toFloatArray();
                for (int i = 0; i < b; i++) {
                    observer.forward(
                            batch.get(i),
                            Arrays.copyOfRange(in, i * d, (i + 1) * d),
                            Arrays.copyOfRange(out, i * d, (i + 1) * d));
                }
            }
            for (ReasoningSession s : batch) {
                s.length++;
                s.releaseLatent();
            }
            deliver(batch, hidden);
        }
    }

    /** Hands each session its output row; rows a session keeps as latent input leave the scope. */
    private void deliver(List<ReasoningSession> sessions, NDArray hidden) {
        int d = engine.bundle().config().hiddenSize();
        int v = engine.bundle().config().vocabSize();
        float[] hostHidden = hidden.toFloatArray();
        float[] hostLogits = model.logits(hidden).toFloatArray();
        for (int i = 0; i < sessions.size(); i++) {
            ReasoningSession s = sessions.get(i);
            if (s.isDone()) {
                continue;
            }
            float[] h = new float[d];
            float[] logits = new float[v];
            System.arraycopy(hostHidden, i * d, h, 0, d);
            System.arraycopy(hostLogits, i * v, logits, 0, v);
            if (s.accept(h, logits)) {
                // The session feeds this output back as its next input: keep the device row, no copy.
                NDArray row = hidden.get(i);
                NDScope.unregister(row);
                s.pendingLatent = row;
            }
        }
    }

    private void releaseFinished() {
        for (int i = active.size() - 1; i >= 0; i--) {
            ReasoningSession s = active.get(i);
            if (!s.isDone()) {
                continue;
            }
            active.remove(i);
            int moved = cache.release(s.slot);
            if (moved >= 0) {
                for (ReasoningSession other : active) {
                    if (other.slot == moved) {
                        other.slot = s.slot;
                    }
                }
            }
            s.slot = -1;
        }
    }

    @Override
    public void close() {
        closed = true;
        for (ReasoningSession s : active) {
            if (!s.isDone()) {
                s.cancelNow();
            }
        }
        for (ReasoningSession s : waiting) {
            s.cancelNow();
        }
        active.clear();
        waiting.clear();
        sketches.clear();
        cache.close();
    }
}
