package dev.sightline.latent.session;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.bundle.LatentKeyBias;
import dev.sightline.latent.session.BatchScheduler.ForwardObserver;
import dev.sightline.latent.text.KvCache;
import dev.sightline.latent.text.LanguageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The forwards a {@link BatchScheduler} runs: a packed prefill of several sessions' chunks, a chunked prefill
 * of one session, and one decode step of many (each session's next token or latent, or a chunk of one token).
 * Each builds its input from the sessions' pending chunk, token or latent, runs the language model against the
 * scheduler's {@link KvCache}, advances the sessions' lengths and hands each its output row
 * ({@link ReasoningSession#accept}). Which sessions share a forward, and what a failure means for them, is the
 * scheduler's policy; this class is the mechanics. Runs on the scheduler's thread; owns nothing (the cache and the
 * model are the scheduler's and the engine's).
 */
final class BatchForwards {
    private final ReasoningEngine engine;
    private final LanguageModel model;
    private final NDManager manager;
    private final KvCache cache;
    private final ForwardStats stats;
    private final Supplier<ForwardObserver> observer;

    BatchForwards(ReasoningEngine engine, KvCache cache, ForwardStats stats, Supplier<ForwardObserver> observer) {
        this.engine = engine;
        this.model = engine.model();
        this.manager = engine.bundle().manager();
        this.cache = cache;
        this.stats = stats;
        this.observer = observer;
    }

    /**
     * A forward over several sessions failed before it changed any of them (their lengths, inputs and cache
     * rows below their lengths are as they were; the rows it may have written lie at or past each length,
     * which the cache treats as garbage). So the caller can run each session alone: the session whose own
     * input breaks the forward then fails by itself instead of failing every session it was batched with.
     */
    static final class ForwardFailed extends RuntimeException {
        ForwardFailed(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Positions in {@code s}'s waiting chunk. */
    static int chunkLength(ReasoningSession s) {
        return s.pendingChunk.ids().length;
    }

    static int padTo(List<ReasoningSession> pack) {
        return chunkLength(pack.get(0));
    }

    /**
     * One forward over whole chunks of several sessions, each row padded at its end to the longest chunk
     * ({@code pack.get(0)}'s). A row's real positions attend only to its own earlier positions, so the padding
     * changes nothing it computes; the padding's keys and values land at or beyond the row's new length, which
     * the cache treats as garbage (overwritten by the next input, masked until then).
     */
    void prefillPacked(List<ReasoningSession> pack) {
        long t0 = System.nanoTime();
        long cpu0 = ForwardStats.threadCpuNanos();
        int d = engine.bundle().config().hiddenSize();
        int t = padTo(pack);
        List<ReasoningSession> bySlot = new ArrayList<>(pack);
        bySlot.sort(Comparator.comparingInt(s -> s.slot)); // the cache reads slots in ascending order
        int p = bySlot.size();
        int[] slots = new int[p];
        int[] starts = new int[p];
        int[] positions = new int[p];
        int[] counts = new int[p];
        long[] lastRows = new long[p];
        try (NDScope ignored = new NDScope()) {
            NDArray hidden; // [P, T, d]
            try {
                NDList rows = new NDList();
                for (int i = 0; i < p; i++) {
                    ReasoningSession s = bySlot.get(i);
                    slots[i] = s.slot;
                    starts[i] = s.length;
                    positions[i] = s.length - s.positionLag;
                    counts[i] = chunkLength(s);
                    lastRows[i] = (long) i * t + counts[i] - 1;
                    NDArray x = embedChunk(s.pendingChunk, 0, counts[i], d); // [n, d]
                    rows.add(counts[i] == t ? x : x.concat(manager.zeros(new Shape(t - counts[i], d)), 0));
                }
                NDArray x = NDArrays.stack(rows); // [P, T, d]
                hidden = model.forward(x, cache, slots, starts, positions, null);
                observe(bySlot, x, hidden, t, counts, d);
            } catch (RuntimeException e) {
                throw new ForwardFailed(e);
            }
            for (int i = 0; i < p; i++) {
                bySlot.get(i).length += counts[i];
            }
            NDArray last = hidden.reshape((long) p * t, d).get(new NDIndex("{}", manager.create(lastRows))); // [P, d]
            Outputs out = outputs(last);
            stats.record(ForwardStats.Kind.PREFILL, p, t0, cpu0); // only a forward that completed
            deliver(bySlot, last, out);
        }
    }

    void prefill(ReasoningSession s) {
        InputChunk chunk = s.pendingChunk;
        int d = engine.bundle().config().hiddenSize();
        int total = chunk.ids().length;
        int step = engine.options().prefillChunk();
        for (int from = 0; from < total; from += step) {
            int to = Math.min(total, from + step);
            long t0 = System.nanoTime();
            long cpu0 = ForwardStats.threadCpuNanos();
            try (NDScope ignored = new NDScope()) {
                NDArray x = embedChunk(chunk, from, to, d).reshape(1, to - from, d);
                NDArray hidden = model.forward(
                        x, cache, new int[] {s.slot}, new int[] {s.length}, new int[] {s.length - s.positionLag}, null);
                observe(List.of(s), x, hidden, to - from, new int[] {to - from}, d);
                s.length += to - from;
                // only the last chunk's last position is an output the session takes
                NDArray last = to < total
                        ? null
                        : hidden.get(new NDIndex().addIndices(0).addIndices(to - from - 1))
                                .reshape(1, d);
                Outputs out = last == null ? null : outputs(last);
                stats.record(ForwardStats.Kind.PREFILL, 1, t0, cpu0);
                if (last != null) {
                    deliver(List.of(s), last, out);
                }
            }
        }
    }

    /** Embeddings of chunk positions {@code [from, to)}, {@code [to-from, d]}, vectors overwriting their rows. */
    private NDArray embedChunk(InputChunk chunk, int from, int to, int d) {
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

    void decode(List<ReasoningSession> batch) {
        long t0 = System.nanoTime();
        long cpu0 = ForwardStats.threadCpuNanos();
        int b = batch.size();
        int d = engine.bundle().config().hiddenSize();
        int[] slots = new int[b];
        int[] starts = new int[b];
        int[] positions = new int[b];
        long[] ids = new long[b];
        LatentKeyBias keyBias = engine.bundle().config().latentKeyBias();
        float[] newKeyBias = new float[b];
        List<Long> latentRows = new ArrayList<>();
        NDList latents = new NDList();
        for (int i = 0; i < b; i++) {
            ReasoningSession s = batch.get(i);
            slots[i] = s.slot;
            starts[i] = s.length;
            positions[i] = s.length - s.positionLag;
            if (s.pendingLatent != null) {
                latentRows.add((long) i);
                latents.add(s.pendingLatent);
                newKeyBias[i] = keyBias.bias(s.request.latentSteps());
            } else if (s.pendingChunk != null) {
                ids[i] = s.pendingChunk.ids()[0]; // a chunk of one token (BatchScheduler#joinsDecode)
            } else {
                ids[i] = s.pendingToken;
            }
        }
        try (NDScope ignored = new NDScope()) {
            NDArray hidden; // [B, d]
            try {
                NDArray x = model.embed(manager.create(ids));
                if (!latents.isEmpty()) {
                    long[] rows = latentRows.stream().mapToLong(Long::longValue).toArray();
                    // The model's latent input of the previous last hidden state (as is: a bit-for-bit copy).
                    x.set(new NDIndex("{}", manager.create(rows)), model.latentInput(NDArrays.stack(latents)));
                }
                hidden = model.forward(x.reshape(b, 1, d), cache, slots, starts, positions, newKeyBias)
                        .reshape(b, d);
                int[] ones = new int[b];
                Arrays.fill(ones, 1);
                observe(batch, x, hidden, 1, ones, d);
            } catch (RuntimeException e) {
                throw new ForwardFailed(e);
            }
            for (ReasoningSession s : batch) {
                s.length++;
                s.releaseLatent();
            }
            Outputs out = outputs(hidden);
            stats.record(ForwardStats.Kind.DECODE, b, t0, cpu0);
            deliver(batch, hidden, out);
        }
    }

    /**
     * The test hook's view of a forward: session {@code i}'s first {@code counts[i]} positions of its
     * {@code positions}-long row, inputs and outputs alike ({@code x} and {@code hidden} laid out
     * {@code [sessions, positions, d]}; the padding beyond a row's count is not its own). Nothing without a hook.
     */
    private void observe(
            List<ReasoningSession> sessions, NDArray x, NDArray hidden, int positions, int[] counts, int d) {
        ForwardObserver hook = observer.get();
        if (hook == null) {
            return;
        }
        float[] in = x.toFloatArray();
        float[] out = hidden.toFloatArray();
        for (int i = 0; i < sessions.size(); i++) {
            int from = i * positions * d;
            int to = from + counts[i] * d;
            hook.forward(sessions.get(i), Arrays.copyOfRange(in, from, to), Arrays.copyOfRange(out, from, to));
        }
    }

    /** A forward's last hidden states and their logits on the host, row-major: {@code [B, d]} and {@code [B, v]}. */
    private record Outputs(float[] hidden, float[] logits) {}

    /**
     * Copies {@code hidden} ({@code [B, d]}) and its logits to the host: the end of the forward's work, and of its
     * timing (what the sessions do with their rows, steps published included, is theirs).
     */
    private Outputs outputs(NDArray hidden) {
        return new Outputs(hidden.toFloatArray(), model.logits(hidden).toFloatArray());
    }

    /** Hands each session its output row; rows a session keeps as latent input leave the scope. */
    private void deliver(List<ReasoningSession> sessions, NDArray hidden, Outputs out) {
        int d = engine.bundle().config().hiddenSize();
        int v = engine.bundle().config().vocabSize();
        for (int i = 0; i < sessions.size(); i++) {
            ReasoningSession s = sessions.get(i);
            if (s.isDone()) {
                continue;
            }
            float[] h = new float[d];
            float[] logits = new float[v];
            System.arraycopy(out.hidden(), i * d, h, 0, d);
            System.arraycopy(out.logits(), i * v, logits, 0, v);
            if (s.accept(h, logits)) {
                // The session feeds this output back as its next input: keep the device row, no copy.
                NDArray row = hidden.get(i);
                NDScope.unregister(row);
                s.pendingLatent = row;
            }
        }
    }
}
