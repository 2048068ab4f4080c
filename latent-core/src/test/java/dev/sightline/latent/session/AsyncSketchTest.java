package dev.sightline.latent.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.latent.TinyBundles;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.sketch.SketchDecoder;
import dev.sightline.latent.sketch.SketchUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A decoder that has not answered yet holds only the sessions that asked it; the rest of the batch steps on. */
class AsyncSketchTest {
    /** Answers like {@code inner}, but only when the test releases the answer (or fails it). */
    private static final class HeldDecoder implements SketchDecoder {
        final SketchDecoder inner;
        final List<CompletableFuture<float[][]>> pending = new ArrayList<>();
        final List<float[][]> answers = new ArrayList<>();

        HeldDecoder(SketchDecoder inner) {
            this.inner = inner;
        }

        @Override
        public float[][] sample(float[][] conditions, long[] seeds) {
            return inner.sample(conditions, seeds);
        }

        @Override
        public CompletableFuture<float[][]> sampleAsync(float[][] conditions, long[] seeds, String[] taskIds) {
            var answer = new CompletableFuture<float[][]>();
            pending.add(answer);
            answers.add(inner.sample(conditions, seeds));
            return answer;
        }

        void release() {
            for (int i = 0; i < pending.size(); i++) {
                pending.get(i).complete(answers.get(i));
            }
            pending.clear();
            answers.clear();
        }

        void fail() {
            pending.forEach(f -> f.completeExceptionally(new SketchUnavailableException("decoder down", null)));
            pending.clear();
            answers.clear();
        }

        @Override
        public int numLatents() {
            return inner.numLatents();
        }
    }

    @Test
    void sessionsThatDidNotAskKeepSteppingAndTheSketchingSessionEndsAsIfTheAnswerWereImmediate() {
        try (ModelBundle bundle = TinyBundles.loadTiny()) {
            Sessions.makeControlTokensLikely(bundle, 12f);
            try (ReasoningEngine inProcess = new ReasoningEngine(bundle, EngineOptions.defaults())) {
                SessionRequest mixed = Sessions.request("mixed", 6, null, Mode.MIXED, 2, true, 16, 0, 3);
                SessionRequest text = Sessions.request("text", 3, null, Mode.TEXT, 0, false, 12, 0, 1);
                List<String> mixedAlone = Sessions.signature(inProcess.trace(mixed));
                List<String> textAlone = Sessions.signature(inProcess.trace(text));
                assertTrue(mixedAlone.stream().anyMatch(s -> s.contains(" SKETCH ")), "the mixed session sketches");

                var held = new HeldDecoder(inProcess.sketchDecoder());
                try (ReasoningEngine engine = new ReasoningEngine(bundle, EngineOptions.defaults(), held);
                        BatchScheduler scheduler = new BatchScheduler(engine)) {
                    List<Step> mixedSteps = new ArrayList<>();
                    List<Step> textSteps = new ArrayList<>();
                    scheduler.submit(engine.newSession(mixed, mixedSteps::add));
                    ReasoningSession textSession = engine.newSession(text, textSteps::add);
                    scheduler.submit(textSession);
                    for (int i = 0; i < 200 && held.pending.isEmpty(); i++) {
                        scheduler.step();
                    }
                    assertEquals(1, held.pending.size(), "the mixed session asked for a sketch");
                    int before = mixedSteps.size();
                    while (!textSession.isDone()) {
                        scheduler.step(); // the decoder has not answered: the text session must still finish
                    }
                    assertEquals(before, mixedSteps.size(), "the asking session waits for its sketch");
                    assertEquals(1, held.pending.size(), "one request per sketch, not one per step");
                    held.release();
                    while (!scheduler.idle()) {
                        scheduler.step();
                        held.release();
                    }
                    assertEquals(mixedAlone, Sessions.signature(mixedSteps));
                    assertEquals(textAlone, Sessions.signature(textSteps));
                }
            }
        }
    }

    @Test
    void aDecoderThatFailsLaterSkipsTheSketchAndTheSessionStillEnds() {
        try (ModelBundle bundle = TinyBundles.loadTiny()) {
            Sessions.makeControlTokensLikely(bundle, 12f);
            try (ReasoningEngine inProcess = new ReasoningEngine(bundle, EngineOptions.defaults())) {
                var held = new HeldDecoder(inProcess.sketchDecoder());
                try (ReasoningEngine engine = new ReasoningEngine(bundle, EngineOptions.defaults(), held);
                        BatchScheduler scheduler = new BatchScheduler(engine)) {
                    List<Step> steps = new ArrayList<>();
                    ReasoningSession session = engine.newSession(
                            Sessions.request("mixed", 6, null, Mode.MIXED, 2, true, 16, 0, 3), steps::add);
                    scheduler.submit(session);
                    for (int i = 0; i < 500 && !scheduler.idle(); i++) {
                        scheduler.step();
                        held.fail();
                    }
                    assertTrue(session.isDone(), "the session ended");
                    assertTrue(steps.stream().anyMatch(s -> s.kind() == StepKind.SKETCH_SKIPPED), "a skipped sketch");
                    assertTrue(steps.stream().noneMatch(s -> s.kind() == StepKind.SKETCH));
                    assertTrue(session.result().degraded(), "a skipped sketch degrades the result");
                }
            }
        }
    }
}
