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
 * new sketch requests (one decoder batch) and deliver answered ones, prefill new prompts and sketch chunks (packed:
 * the chunks waiting in one step share a padded forward; a chunk longer than {@code prefillChunk} runs alone,
 * chunked), then one padded {@code [B, 1, d]} decode forward for every session whose next input is a
 * single token or latent vector, and release finished sessions (the cache stays dense).
 *
 * <p>Owns its KV cache; {@link #close()} frees it and cancels what is still running (a decoder answer still
 * on its way is dropped). {@link #submit} is thread-safe; everything else runs on one thread.
 */
public final class BatchScheduler implements AutoCloseable {
    /** A packed prefill forward holds at most this many {@code prefillChunk}s of positions, padding included. */
    static final int PACKED_POSITIONS_PER_CHUNK = 4;

    private final ReasoningEngine engine;
    private final LanguageModel model;
    private final NDManager manager;
    private final KvCache cache;
    private final Queue<ReasoningSession> waiting = new ConcurrentLinkedQueue<>();
    private final List<ReasoningSession> active = new ArrayList<>();
    private volatile boolean closed;
    private final SketchRequests sketches;
    private final ForwardStats stats;
    /** Test hook: sees every forward's input rows and output rows, per session, on the host. */
    ForwardObserver observer;

    interface ForwardObserver {
        void forward(ReasoningSession session, float[] inputRows, float[] outputRows);
    }

    public BatchScheduler(ReasoningEngine engine) {
        this(engine, new ForwardStats());
    }

    /** @param stats where this scheduler adds up its forwards (a service keeps one across restarts) */
    public BatchScheduler(ReasoningEngine engine, ForwardStats stats) {
        this.stats = stats;
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

    /** This scheduler's forwards so far; safe to read from any thread. */
    public ForwardStats stats() {
        return stats;
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
        List<ReasoningSession> prefilling = new ArrayList<>();
        for (ReasoningSession s : active) {
            if (!s.isDone() && s.phase == ReasoningSession.Phase.PREFILL && s.pendingChunk != null) {
                prefilling.add(s);
            }
        }
        boolean prefilled = !prefilling.isEmpty();
        prefillAll(prefilling);
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

    /**
     * Prefills every waiting chunk: chunks that fit one forward are packed, padded to the longest, into as few
     * {@code [P, T, d]} forwards as the position budget allows (a wave of new sessions costs one forward, not
     * one each); a longer chunk runs alone, {@code prefillChunk} positions at a time.
     */
    private void prefillAll(List<ReasoningSession> sessions) {
        int chunk = engine.options().prefillChunk();
        int budget = PACKED_POSITIONS_PER_CHUNK * chunk;
        List<ReasoningSession> packable = new ArrayList<>();
        for (ReasoningSession s : sessions) {
            if (chunkLength(s) <= chunk) {
                packable.add(s);
            } else {
                prefillAlone(s);
            }
        }
        // Longest first: each pack pads to its first chunk, so similar lengths share a pack.
        packable.sort(Comparator.comparingInt((ReasoningSession s) -> -chunkLength(s)));
        List<ReasoningSession> pack = new ArrayList<>();
        for (ReasoningSession s : packable) {
            if (!pack.isEmpty() && (pack.size() + 1) * padTo(pack) > budget) {
                flush(pack);
            }
            // Padding positions are written past the row's length: they must stay inside its own slot.
            if (s.length + (pack.isEmpty() ? chunkLength(s) : padTo(pack)) > cache.maxLen()) {
                prefillAlone(s);
                continue;
            }
            pack.add(s);
        }
        flush(pack);
    }

    private void prefillAlone(ReasoningSession s) {
        guarded(List.of(s), () -> prefill(s));
    }

    /** Positions in {@code s}'s waiting chunk. */
    private static int chunkLength(ReasoningSession s) {
        return s.pendingChunk.ids().length;
    }

    private static int padTo(List<ReasoningSession> pack) {
        return chunkLength(pack.get(0));
    }

    /** Prefills and empties {@code pack}; a pack of one needs no padding and takes the plain path. */
    private void flush(List<ReasoningSession> pack) {
        List<ReasoningSession> sessions = List.copyOf(pack);
        pack.clear();
        if (sessions.size() == 1) {
            prefillAlone(sessions.get(0));
        } else if (!sessions.isEmpty()) {
            guarded(sessions, () -> prefillPacked(sessions));
        }
    }

    /**
     * One forward over whole chunks of several sessions, each row padded at its end to the longest chunk
     * ({@code pack.get(0)}'s). A row's real positions attend only to its own earlier positions, so the padding
     * changes nothing it computes; the padding's keys and values land at or beyond the row's new length, which
     * the cache treats as garbage (overwritten by the next input, masked until then).
     */
    private void prefillPacked(List<ReasoningSession> pack) {
        long t0 = System.nanoTime();
        int d = engine.bundle().config().hiddenSize();
        int t = padTo(pack);
        List<ReasoningSession> bySlot = new ArrayList<>(pack);
        bySlot.sort(Comparator.comparingInt(s -> s.slot)); // the cache reads slots in ascending order
        int p = bySlot.size();
        int[] slots = new int[p];
        int[] starts = new int[p];
        int[] counts = new int[p];
        long[] lastRows = new long[p];
        try (NDScope ignored = new NDScope()) {
            NDList rows = new NDList();
            for (int i = 0; i < p; i++) {
                ReasoningSession s = bySlot.get(i);
                slots[i] = s.slot;
                starts[i] = s.length;
                counts[i] = chunkLength(s);
                lastRows[i] = (long) i * t + counts[i] - 1;
                NDArray x = embedChunk(s.pendingChunk, 0, counts[i], d); // [n, d]
                rows.add(counts[i] == t ? x : x.concat(manager.zeros(new Shape(t - counts[i], d)), 0));
            }
            NDArray x = NDArrays.stack(rows); // [P, T, d]
            NDArray hidden = model.forward(x, cache, slots, starts); // [P, T, d]
            if (observer != null) {
                float[] in = x.toFloatArray();
                float[] out = hidden.toFloatArray();
                for (int i = 0; i < p; i++) {
                    int from = i * t * d;
                    int to = from + counts[i] * d;
                    observer.forward(
                            bySlot.get(i), Arrays.copyOfRange(in, from, to), Arrays.copyOfRange(out, from, to));
                }
            }
            for (int i = 0; i < p; i++) {
                bySlot.get(i).length += counts[i];
            }
            NDArray last = hidden.reshape((long) p * t, d).get(new NDIndex("{}", manager.create(lastRows))); // [P, d]
            deliver(bySlot, last);
            stats.record(ForwardStats.Kind.PREFILL, p, System.nanoTime() - t0); // only a forward that completed
        }
    }

    private void prefill(ReasoningSession s) {
        ReasoningSession.Chunk chunk = s.pendingChunk;
        int d = engine.bundle().config().hiddenSize();
        int total = chunk.ids().length;
        int step = engine.options().prefillChunk();
        for (int from = 0; from < total; from += step) {
            int to = Math.min(total, from + step);
            long t0 = System.nanoTime();
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
                stats.record(ForwardStats.Kind.PREFILL, 1, System.nanoTime() - t0);
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
        long t0 = System.nanoTime();
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
            stats.record(ForwardStats.Kind.DECODE, b, System.nanoTime() - t0);
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
