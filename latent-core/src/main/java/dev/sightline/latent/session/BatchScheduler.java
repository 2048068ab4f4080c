package dev.sightline.latent.session;

import dev.sightline.latent.text.KvCache;
import dev.sightline.latent.text.PrefixCache;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Continuous batching: steps many sessions together. Sessions join and leave between steps, in any mode.
 *
 * <p>One {@link #step()}: admit waiting sessions (each gets a KV-cache slot, with the longest cached prefix of
 * its prompt already in it — {@link PrefixCache}), stop cancelled ones, send
 * new sketch requests (one decoder batch) and deliver answered ones, prefill new prompts and sketch chunks (packed:
 * the chunks waiting in one step share a padded forward; a chunk longer than {@code prefillChunk} runs alone,
 * chunked) and keep the prefixes of the prompts just prefilled, then one padded {@code [B, 1, d]} decode forward
 * for every session whose next input is a single position (a token, a latent vector, or a chunk of one token:
 * the last position of a prompt whose prefix was cached), and release finished sessions (the cache stays dense). A
 * forward over several sessions that fails is run again one session at a time, so a failure caused by one session's
 * input fails that session only.
 *
 * <p>Owns its KV cache and prefix cache; {@link #close()} frees them and cancels what is still running (a decoder
 * answer still on its way is dropped). {@link #submit} is thread-safe; everything else runs on one thread.
 */
public final class BatchScheduler implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BatchScheduler.class);
    /** A packed prefill forward holds at most this many {@code prefillChunk}s of positions, padding included. */
    static final int PACKED_POSITIONS_PER_CHUNK = 4;

    private final ReasoningEngine engine;
    private final KvCache cache;
    /** Null when {@link EngineOptions#prefixCacheBytes()} is 0. */
    private final PrefixCache prefixes;

    private final Queue<ReasoningSession> waiting = new ConcurrentLinkedQueue<>();
    private final List<ReasoningSession> active = new ArrayList<>();
    private volatile boolean closed;
    private final SketchRequests sketches;
    private final ForwardStats stats;
    private final BatchForwards forwards;
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
        EngineOptions o = engine.options();
        this.cache = engine.model().newCache(o.maxSequenceLength(), Math.min(o.maxBatch(), 4));
        this.prefixes =
                o.prefixCacheBytes() > 0 ? new PrefixCache(engine.bundle().manager(), o.prefixCacheBytes()) : null;
        this.sketches = new SketchRequests(engine);
        this.forwards = new BatchForwards(engine, cache, stats, () -> observer);
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
        // a queued session cancelled (its client, its deadline) ends now, not once a slot frees up for it
        for (Iterator<ReasoningSession> it = waiting.iterator(); it.hasNext(); ) {
            ReasoningSession s = it.next();
            if (s.cancelRequested()) {
                it.remove();
                s.cancelNow();
            }
        }
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
            reusePrefix(s);
        }
        for (ReasoningSession s : active) {
            if (s.cancelRequested() && !s.isDone()) {
                s.cancelNow();
            }
        }
        sketches.send(active);
        sketches.deliverAnswered();
        List<ReasoningSession> prefilling = new ArrayList<>();
        List<ReasoningSession> joining = new ArrayList<>();
        for (ReasoningSession s : active) {
            if (!s.isDone() && s.phase == ReasoningSession.Phase.PREFILL && s.pendingChunk != null) {
                (joinsDecode(s.pendingChunk) ? joining : prefilling).add(s);
            }
        }
        boolean prefilled = !prefilling.isEmpty();
        prefillAll(prefilling);
        savePrefixes(prefilling);
        List<ReasoningSession> decoding = new ArrayList<>(joining);
        for (ReasoningSession s : active) {
            if (!s.isDone() && s.phase == ReasoningSession.Phase.DECODE) {
                decoding.add(s);
            }
        }
        if (!decoding.isEmpty()) {
            decoding.sort(Comparator.comparingInt(s -> s.slot));
            together(decoding, forwards::decode, s -> guarded(List.of(s), () -> forwards.decode(List.of(s))));
            savePrefixes(joining);
        } else if (!prefilled && sketches.inFlight()) {
            sketches.awaitAny(); // every unfinished session waits for the decoder: do not spin
        }
        releaseFinished();
    }

    /**
     * A chunk of one token (a prompt whose prefix was cached: all of it but its last position) is a decode row: it
     * joins the decode forward instead of costing a forward of its own, since behind a serving pipeline sessions
     * arrive one by one and each would otherwise add a small prefill forward to a step. A last position that is a
     * vector (a prompt of frames alone) is prefilled, as is every longer chunk.
     */
    private static boolean joinsDecode(InputChunk chunk) {
        return chunk.ids().length == 1 && chunk.vectorRows().length == 0;
    }

    /** Starts a new session's slot from its prompt's longest cached prefix, if there is one. */
    private void reusePrefix(ReasoningSession s) {
        if (prefixes == null || s.promptPrefixes == null) {
            return;
        }
        int reused = 0;
        for (PromptPrefix p : s.promptPrefixes) {
            try {
                reused = prefixes.restore(p.digest(), cache, s.slot);
            } catch (RuntimeException e) {
                // What it wrote lies at or past the session's length (still 0): garbage its prefill overwrites.
                LOG.warn(
                        "prefix cache: restoring {} positions for {} failed, prefilling them",
                        p.positions(),
                        s.taskId(),
                        e);
                break;
            }
            if (reused > 0) {
                s.skipPrompt(reused);
                break;
            }
        }
        stats.recordPrefixLookup(reused);
    }

    /** Keeps the prefixes the cache lacks of the prompts that are now in the KV cache. */
    private void savePrefixes(List<ReasoningSession> prefilled) {
        for (ReasoningSession s : prefilled) {
            List<PromptPrefix> wanted = s.promptPrefixes;
            s.promptPrefixes = null; // the prompt is done with; later chunks (sketches) are not prompts
            if (prefixes == null || wanted == null || s.isDone()) {
                continue;
            }
            for (PromptPrefix p : wanted) {
                try {
                    prefixes.save(p.digest(), cache, s.slot, p.positions());
                } catch (RuntimeException e) {
                    LOG.warn("prefix cache: keeping {} positions of {} failed", p.positions(), s.taskId(), e);
                }
            }
        }
    }

    /**
     * One forward over {@code sessions}; if it fails before changing them ({@link BatchForwards.ForwardFailed}),
     * each session runs {@code alone}, so only a session whose own input breaks the forward fails. A failure
     * after they changed fails them all.
     */
    private static void together(
            List<ReasoningSession> sessions, Consumer<List<ReasoningSession>> batch, Consumer<ReasoningSession> alone) {
        try {
            batch.accept(sessions);
        } catch (BatchForwards.ForwardFailed e) {
            sessions.forEach(alone);
        } catch (RuntimeException e) {
            failAll(sessions, e);
        }
    }

    /** A failing forward fails its sessions with the reason instead of leaving them hanging. */
    private static void guarded(List<ReasoningSession> sessions, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            failAll(sessions, e);
        }
    }

    private static void failAll(List<ReasoningSession> sessions, RuntimeException e) {
        for (ReasoningSession s : sessions) {
            if (!s.isDone()) {
                s.fail("engine error: " + e.getMessage());
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
            if (BatchForwards.chunkLength(s) <= chunk) {
                packable.add(s);
            } else {
                prefillAlone(s);
            }
        }
        // Longest first: each pack pads to its first chunk, so similar lengths share a pack.
        packable.sort(Comparator.comparingInt((ReasoningSession s) -> -BatchForwards.chunkLength(s)));
        List<ReasoningSession> pack = new ArrayList<>();
        for (ReasoningSession s : packable) {
            if (!pack.isEmpty() && (pack.size() + 1) * BatchForwards.padTo(pack) > budget) {
                flush(pack);
            }
            // Padding positions are written past the row's length: they must stay inside its own slot.
            if (s.length + (pack.isEmpty() ? BatchForwards.chunkLength(s) : BatchForwards.padTo(pack))
                    > cache.maxLen()) {
                prefillAlone(s);
                continue;
            }
            pack.add(s);
        }
        flush(pack);
    }

    private void prefillAlone(ReasoningSession s) {
        guarded(List.of(s), () -> forwards.prefill(s));
    }

    /** Prefills and empties {@code pack}; a pack of one needs no padding and takes the plain path. */
    private void flush(List<ReasoningSession> pack) {
        List<ReasoningSession> sessions = List.copyOf(pack);
        pack.clear();
        if (sessions.size() == 1) {
            prefillAlone(sessions.get(0));
        } else if (!sessions.isEmpty()) {
            together(sessions, forwards::prefillPacked, this::prefillAlone);
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

    /**
     * Ends every unfinished session FAILED with {@code error}, then closes: for an owner whose {@link #step()} threw,
     * after which this scheduler's state (its cache's rows, its sessions' phases) is not to be trusted.
     */
    public void abort(String error) {
        closed = true;
        try {
            List<ReasoningSession> held = new ArrayList<>(active);
            held.addAll(waiting);
            for (ReasoningSession s : held) {
                try {
                    if (!s.isDone()) {
                        s.fail(error);
                    }
                } catch (RuntimeException e) {
                    // one session's failing end must not leave the others without theirs
                    LOG.warn("task {}: ending it after the abort failed", s.taskId(), e);
                }
            }
        } finally {
            close();
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
        if (prefixes != null) {
            prefixes.close();
        }
    }
}
