package dev.sightline.latent.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sightline.latent.vision.VisualTokens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The prefix cache is invisible in the trace: a prompt that reuses a cached prefix traces exactly as it does
 * alone on a cold engine, and reuses only what is provably the same input.
 */
class PrefixReuseTest {
    private static final int FRAME_TOKENS = 64; // the tiny preset: 64x64 px in 8x8 patches

    @Test
    void theSamePromptAgainReusesAllButItsLastPositionAndTracesAsAlone() {
        Sessions.onTinyEngine(engine -> {
            VisualTokens frames = Sessions.visual(engine, 1, 7);
            // Text mode: its greedy tokens read the whole context (this tiny model's scaled-up control tokens make
            // a forced latent segment's trace insensitive to it).
            SessionRequest first = Sessions.request("q", 9, frames, Mode.TEXT, 0, false, 12, 0, 1);
            SessionRequest again = Sessions.request("q", 9, frames, Mode.TEXT, 0, false, 12, 0, 1);
            ForwardStats stats = runInOrder(engine, List.of(first, again), List.of(1, 1));
            assertEquals(2, stats.prefixLookups());
            assertEquals(1, stats.prefixHits());
            assertEquals(FRAME_TOKENS + 9 - 1, stats.prefixPositions());
        });
    }

    @Test
    void theSameFramesWithAnotherQuestionReuseTheFramesOnly() {
        Sessions.onTinyEngine(engine -> {
            VisualTokens frames = Sessions.visual(engine, 2, 3);
            ForwardStats stats = runInOrder(
                    engine,
                    List.of(
                            Sessions.request("how-many", 7, frames, Mode.LATENT, 2, true, 12, 0, 1),
                            Sessions.request("which-is-closer", 11, frames, Mode.TEXT, 0, false, 10, 0, 2)),
                    List.of(1, 1));
            assertEquals(1, stats.prefixHits());
            assertEquals(2 * FRAME_TOKENS, stats.prefixPositions());
        });
    }

    @Test
    void otherFramesWithTheSameQuestionReuseNothing() {
        Sessions.onTinyEngine(engine -> {
            ForwardStats stats = runInOrder(
                    engine,
                    List.of(
                            Sessions.request("q", 9, Sessions.visual(engine, 1, 1), Mode.LATENT, 2, true, 10, 0, 1),
                            Sessions.request("q", 9, Sessions.visual(engine, 1, 2), Mode.LATENT, 2, true, 10, 0, 1)),
                    List.of(1, 1));
            assertEquals(2, stats.prefixLookups());
            assertEquals(0, stats.prefixHits());
        });
    }

    /**
     * The benchmark's shape: one prompt, then a wave of the same prompt. What is left of each prompt after its
     * cached prefix is one position, a decode row: the wave costs no prefill forward.
     */
    @Test
    void aWaveOfTheSamePromptCostsNoPrefillForward() {
        Sessions.onTinyEngine(engine -> {
            VisualTokens frames = Sessions.visual(engine, 1, 5);
            List<SessionRequest> requests = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                // Sampled with different seeds: the same prefix, different continuations.
                requests.add(Sessions.request("q", 6, frames, Mode.AUTO, 2, false, 10, 0.9, i));
            }
            ForwardStats stats = runInOrder(engine, requests, List.of(1, 4));
            assertEquals(4, stats.prefixHits());
            assertEquals(1, stats.forwards(ForwardStats.Kind.PREFILL), "the first prompt only");
            assertEquals(1, stats.rows(ForwardStats.Kind.PREFILL));
        });
    }

    /**
     * A serving pipeline's shape: the same prompt arrives while another session decodes. Its last position rides
     * in that session's decode forward, and both trace exactly as alone.
     */
    @Test
    void aCachedPromptArrivingMidDecodeJoinsTheDecodeForward() {
        Sessions.onTinyEngine(engine -> {
            VisualTokens frames = Sessions.visual(engine, 1, 4);
            SessionRequest first = Sessions.request("q", 8, frames, Mode.LATENT, 2, true, 12, 0, 1);
            SessionRequest later = Sessions.request("q", 8, frames, Mode.LATENT, 2, true, 12, 0, 2);
            List<List<Step>> traces = new ArrayList<>();
            ForwardStats stats;
            try (BatchScheduler scheduler = new BatchScheduler(engine)) {
                scheduler.submit(engine.newSession(first, Sessions.collect(traces)));
                for (int i = 0; i < 3; i++) {
                    scheduler.step();
                }
                long decodes = scheduler.stats().forwards(ForwardStats.Kind.DECODE);
                long rows = scheduler.stats().rows(ForwardStats.Kind.DECODE);
                scheduler.submit(engine.newSession(later, Sessions.collect(traces)));
                scheduler.step();
                assertEquals(decodes + 1, scheduler.stats().forwards(ForwardStats.Kind.DECODE), "one forward");
                assertEquals(rows + 2, scheduler.stats().rows(ForwardStats.Kind.DECODE), "both sessions in it");
                scheduler.runUntilIdle();
                stats = scheduler.stats();
            }
            assertEquals(1, stats.prefixHits());
            assertEquals(1, stats.forwards(ForwardStats.Kind.PREFILL), "the first prompt only");
            assertEquals(Sessions.signature(engine.trace(first)), Sessions.signature(traces.get(0)));
            assertEquals(Sessions.signature(engine.trace(later)), Sessions.signature(traces.get(1)));
        });
    }

    @Test
    void withTheCacheOffEveryPositionIsComputed() {
        Sessions.onTinyEngine(EngineOptions.defaults().withPrefixCacheBytes(0), engine -> {
            VisualTokens frames = Sessions.visual(engine, 1, 7);
            SessionRequest q = Sessions.request("q", 9, frames, Mode.TEXT, 0, false, 8, 0, 1);
            ForwardStats stats = runInOrder(engine, List.of(q, q), List.of(1, 1));
            assertEquals(0, stats.prefixLookups());
        });
    }

    /**
     * Runs {@code requests} on one scheduler in waves of the given sizes, each wave to the end before the next
     * is submitted, and asserts every trace equals the request's trace alone (a fresh scheduler: cold cache).
     */
    private static ForwardStats runInOrder(ReasoningEngine engine, List<SessionRequest> requests, List<Integer> waves) {
        List<List<Step>> traces = new ArrayList<>();
        ForwardStats stats;
        try (BatchScheduler scheduler = new BatchScheduler(engine)) {
            int next = 0;
            for (int wave : waves) {
                for (int i = 0; i < wave; i++) {
                    scheduler.submit(engine.newSession(requests.get(next++), Sessions.collect(traces)));
                }
                scheduler.runUntilIdle();
            }
            stats = scheduler.stats();
        }
        for (int i = 0; i < requests.size(); i++) {
            assertEquals(
                    Sessions.signature(engine.trace(requests.get(i))),
                    Sessions.signature(traces.get(i)),
                    "trace of request " + i + " (" + requests.get(i).taskId() + ")");
        }
        return stats;
    }
}
