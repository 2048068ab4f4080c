package dev.sightline.latent.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Continuous batching is invisible: a session's trace is the same in a mixed batch as alone. */
class BatchEquivalenceTest {
    @Test
    void batchedSessionsOfDifferentLengthsAndModesEqualEachSessionAlone() {
        Sessions.onTinyEngine(engine -> {
            List<SessionRequest> requests = List.of(
                    Sessions.request("text", 3, null, Mode.TEXT, 0, false, 12, 0, 1),
                    Sessions.request("latent", 11, Sessions.visual(engine, 2, 1), Mode.LATENT, 3, true, 14, 0, 2),
                    Sessions.request("mixed", 6, null, Mode.MIXED, 2, true, 16, 0, 3),
                    Sessions.request("auto", 20, null, Mode.AUTO, 1, false, 10, 0.8, 4),
                    Sessions.request("late", 5, null, Mode.LATENT, 5, true, 9, 0, 5));
            List<List<Step>> batched = new ArrayList<>();
            try (BatchScheduler scheduler = new BatchScheduler(engine)) {
                for (int i = 0; i < requests.size(); i++) {
                    scheduler.submit(engine.newSession(requests.get(i), Sessions.collect(batched)));
                    if (i >= 2) {
                        scheduler.step(); // later sessions join a batch that is already decoding
                        scheduler.step();
                    }
                }
                scheduler.runUntilIdle();
            }
            assertEachTracesAsAlone(engine, requests, batched);
            List<String> all = batched.stream()
                    .flatMap(t -> Sessions.signature(t).stream())
                    .toList();
            assertTrue(all.stream().anyMatch(s -> s.contains(" LATENT ")), "the batch must contain latent steps");
            assertTrue(all.stream().anyMatch(s -> s.contains(" SKETCH ")), "the batch must contain a sketch chunk");
        });
    }

    @Test
    void aWaveOfNewSessionsSharesOnePrefillForwardAndEachTraceEqualsItsTraceAlone() {
        Sessions.onTinyEngine(engine -> {
            // Prompt lengths differ (one carries 2 frames of visual tokens), so the pack is padded.
            List<SessionRequest> requests = List.of(
                    Sessions.request("short", 2, null, Mode.TEXT, 0, false, 10, 0, 1),
                    Sessions.request("visual", 9, Sessions.visual(engine, 2, 7), Mode.LATENT, 3, true, 12, 0, 2),
                    Sessions.request("sampled", 17, null, Mode.AUTO, 2, false, 10, 0.9, 3),
                    Sessions.request("mixed", 5, null, Mode.MIXED, 2, true, 14, 0, 4));
            List<List<Step>> batched = new ArrayList<>();
            try (BatchScheduler scheduler = new BatchScheduler(engine)) {
                for (SessionRequest r : requests) {
                    scheduler.submit(engine.newSession(r, Sessions.collect(batched)));
                }
                scheduler.step();
                ForwardStats stats = scheduler.stats();
                assertEquals(1, stats.forwards(ForwardStats.Kind.PREFILL), "four new prompts, one prefill forward");
                assertEquals(4, stats.rows(ForwardStats.Kind.PREFILL));
                double cpu = stats.cpuSeconds(ForwardStats.Kind.PREFILL);
                assertTrue(
                        cpu > 0 && cpu <= stats.seconds(ForwardStats.Kind.PREFILL) * 1.05,
                        "the forward's CPU time is measured and within its wall time: " + cpu);
                scheduler.runUntilIdle();
            }
            assertEachTracesAsAlone(engine, requests, batched);
        });
    }

    /**
     * A forward's time ends with its outputs on the host: what the sessions do with them (the reasoner publishes
     * each step to Kafka from its listener) is not the forward's, so a slow listener does not make the engine
     * look slow.
     */
    @Test
    void aForwardsTimeEndsWithItsOutputsNotWithWhatTheSessionsListenersDo() {
        Sessions.onTinyEngine(engine -> {
            long listenerMillis = 300;
            List<Step> steps = new ArrayList<>();
            StepListener slow = step -> {
                steps.add(step);
                try {
                    Thread.sleep(listenerMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            try (BatchScheduler scheduler = new BatchScheduler(engine)) {
                scheduler.submit(
                        engine.newSession(Sessions.request("slow", 11, null, Mode.LATENT, 3, true, 14, 0, 2), slow));
                scheduler.runUntilIdle();
                ForwardStats stats = scheduler.stats();
                assertTrue(
                        steps.stream().filter(s -> s.kind() == StepKind.LATENT).count() >= 3,
                        "latent steps, each emitted from a decode forward's outputs: " + steps.size());
                double decodeMillis = stats.seconds(ForwardStats.Kind.DECODE) * 1000;
                assertTrue(
                        decodeMillis < listenerMillis,
                        stats.forwards(ForwardStats.Kind.DECODE) + " decode forwards took " + decodeMillis
                                + " ms in all: a listener's " + listenerMillis + " ms were counted in them");
            }
        });
    }

    /**
     * A prompt longer than {@code prefillChunk} is prefilled a chunk per forward, each forward counted, and the
     * session only takes the last chunk's output: its trace is the one a single prefill forward gives.
     */
    @Test
    void aPromptLongerThanAPrefillChunkIsPrefilledChunkByChunkToTheSameTrace() {
        SessionRequest request = Sessions.request("long", 20, null, Mode.LATENT, 2, true, 10, 0, 3);
        List<List<Step>> whole = new ArrayList<>();
        Sessions.onTinyEngine(engine -> whole.add(engine.trace(request)));
        EngineOptions d = EngineOptions.defaults();
        var chunked = new EngineOptions(
                d.maxSequenceLength(), d.maxBatch(), 8, d.maxLatentNorm(), d.patchTopK(), d.tokenTopK(), 0);
        Sessions.onTinyEngine(chunked, engine -> {
            List<List<Step>> traces = new ArrayList<>();
            try (BatchScheduler scheduler = new BatchScheduler(engine)) {
                scheduler.submit(engine.newSession(request, Sessions.collect(traces)));
                scheduler.runUntilIdle();
                assertTrue(
                        scheduler.stats().forwards(ForwardStats.Kind.PREFILL) >= 3,
                        "a prompt of more than 16 positions in chunks of 8: "
                                + scheduler.stats().forwards(ForwardStats.Kind.PREFILL) + " prefill forwards");
            }
            assertEquals(Sessions.signature(whole.get(0)), Sessions.signature(traces.get(0)));
        });
    }

    /**
     * A forward that fails because of one session (here: the test hook throws on that session's rows from its
     * first forward — the packed prefill — or its fourth — a decode — on) fails that session with the reason,
     * and every other session of the batch goes on to the trace it has alone. A fault that does not recur
     * (thrown once) fails no one: the forward run again alone succeeds.
     */
    @ParameterizedTest
    @CsvSource({"1, true", "4, true", "1, false", "4, false"})
    void aForwardThatFailsBecauseOfOneSessionFailsThatSessionAlone(int failingForward, boolean recurs) {
        Sessions.onTinyEngine(engine -> {
            List<SessionRequest> requests = List.of(
                    Sessions.request("first", 3, null, Mode.TEXT, 0, false, 10, 0, 1),
                    Sessions.request("victim", 6, null, Mode.LATENT, 2, true, 12, 0, 2),
                    Sessions.request("last", 9, Sessions.visual(engine, 1, 5), Mode.LATENT, 3, true, 12, 0, 3));
            List<List<Step>> batched = new ArrayList<>();
            List<ReasoningSession> sessions = new ArrayList<>();
            try (BatchScheduler scheduler = new BatchScheduler(engine)) {
                int[] victimForwards = {0};
                scheduler.observer = (session, in, out) -> {
                    if (session.taskId().equals("victim")
                            && (++victimForwards[0] == failingForward
                                    || recurs && victimForwards[0] > failingForward)) {
                        throw new IllegalStateException("injected fault in forward " + failingForward);
                    }
                };
                for (SessionRequest r : requests) {
                    ReasoningSession session = engine.newSession(r, Sessions.collect(batched));
                    sessions.add(session);
                    scheduler.submit(session);
                }
                scheduler.runUntilIdle();
            }
            SessionResult victim = sessions.get(1).result();
            if (recurs) {
                assertEquals(SessionResult.Status.FAILED, victim.status());
                assertTrue(victim.error().contains("injected fault"), victim.error());
            }
            for (int i : recurs ? new int[] {0, 2} : new int[] {0, 1, 2}) {
                assertEquals(
                        SessionResult.Status.COMPLETED, sessions.get(i).result().status());
                assertEquals(
                        Sessions.signature(engine.trace(requests.get(i))),
                        Sessions.signature(batched.get(i)),
                        "trace of " + requests.get(i).taskId());
            }
        });
    }

    /**
     * An owner whose step threw outside the forwards' guards aborts the scheduler: every session it holds, in the
     * batch or still queued, ends FAILED with the reason (none is left without a result), and it takes no more.
     */
    @Test
    void anAbortedSchedulerFailsEverySessionItHoldsWithTheReasonAndTakesNoMore() {
        Sessions.onTinyEngine(engine -> {
            List<ReasoningSession> sessions = new ArrayList<>();
            List<List<Step>> traces = new ArrayList<>();
            BatchScheduler scheduler = new BatchScheduler(engine);
            for (String id : List.of("decoding", "prefilled")) {
                sessions.add(engine.newSession(
                        Sessions.request(id, 4, null, Mode.TEXT, 0, false, 40, 0, 1), Sessions.collect(traces)));
                scheduler.submit(sessions.get(sessions.size() - 1));
                scheduler.step();
            }
            sessions.add(engine.newSession(
                    Sessions.request("queued", 4, null, Mode.TEXT, 0, false, 40, 0, 1), Sessions.collect(traces)));
            scheduler.submit(sessions.get(2));
            scheduler.abort("engine error: injected");
            for (ReasoningSession s : sessions) {
                SessionResult r = s.result();
                assertEquals(SessionResult.Status.FAILED, r == null ? null : r.status(), s.taskId());
                assertEquals("engine error: injected", r.error(), s.taskId());
            }
            var late = engine.newSession(Sessions.request("late", 4, null, Mode.TEXT, 0, false, 8, 0, 1), x -> {});
            assertThrows(IllegalStateException.class, () -> scheduler.submit(late));
        });
    }

    /** A session cancelled while it waits for a slot (a full batch) ends at the next step, not once it gets one. */
    @Test
    void aSessionCancelledWhileQueuedForASlotEndsAtTheNextStep() {
        Sessions.onTinyEngine(EngineOptions.defaults().withMaxBatch(1), engine -> {
            List<List<Step>> traces = new ArrayList<>();
            try (BatchScheduler scheduler = new BatchScheduler(engine)) {
                var holder = engine.newSession(
                        Sessions.request("holder", 4, null, Mode.TEXT, 0, false, 40, 0, 1), Sessions.collect(traces));
                var queued = engine.newSession(
                        Sessions.request("queued", 4, null, Mode.TEXT, 0, false, 40, 0, 2), Sessions.collect(traces));
                scheduler.submit(holder);
                scheduler.submit(queued);
                scheduler.step();
                queued.cancel();
                scheduler.step();
                assertFalse(holder.isDone(), "the batch's one slot is still taken");
                assertEquals(SessionResult.Status.CANCELLED, queued.result().status());
                assertEquals(1, scheduler.activeCount());
                scheduler.runUntilIdle();
            }
        });
    }

    private static void assertEachTracesAsAlone(
            ReasoningEngine engine, List<SessionRequest> requests, List<List<Step>> batched) {
        for (int i = 0; i < requests.size(); i++) {
            assertEquals(
                    Sessions.signature(engine.trace(requests.get(i))),
                    Sessions.signature(batched.get(i)),
                    "trace of " + requests.get(i).taskId());
        }
    }
}
