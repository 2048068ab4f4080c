package dev.sightline.latent.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.sightline.latent.TinyBundles;
import dev.sightline.latent.bundle.ControlTokens;
import dev.sightline.latent.bundle.LatentSchedule;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.TensorLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReasoningSessionTest {
    static ModelBundle bundle;
    static ReasoningEngine engine;

    @BeforeAll
    static void open() {
        bundle = TinyBundles.loadTiny();
        Sessions.makeControlTokensLikely(bundle, 12f);
        engine = new ReasoningEngine(bundle, EngineOptions.defaults());
    }

    @AfterAll
    static void close() {
        engine.close();
        bundle.close();
    }

    @Test
    void aLatentStepsInputIsExactlyThePreviousStepsLastHiddenState() {
        List<Step> steps = new ArrayList<>();
        List<float[][]> fed = latentInputs(engine, steps);
        for (int i = 0; i < fed.size(); i++) {
            assertArrayEquals(fed.get(i)[0], fed.get(i)[1], "latent input " + i + " is not bit-exact");
        }
        long latentSteps =
                steps.stream().filter(s -> s.kind() == StepKind.LATENT).count();
        assertTrue(latentSteps >= 4);
        assertEquals(latentSteps, fed.size());
    }

    @Test
    void anEmbeddingRmsLatentInputIsThePreviousHiddenStateAtTheEmbeddingsRms(@TempDir Path tmp) throws IOException {
        Path dir = TinyBundles.copyTiny(tmp.resolve("rescaled"));
        Path config = dir.resolve("config.json");
        String json = Files.readString(config);
        String rescaled =
                json.replaceAll("\"latent_input\"\\s*:\\s*\"hidden_state\"", "\"latent_input\" : \"embedding_rms\"");
        assertNotEquals(json, rescaled);
        Files.writeString(config, rescaled);
        try (ModelBundle b = ModelBundle.load(dir)) {
            Sessions.makeControlTokensLikely(b, 12f);
            double embeddingRms = rms(b.weight(TensorLayout.EMBED_TOKENS).toFloatArray());
            try (ReasoningEngine e = new ReasoningEngine(b, EngineOptions.defaults())) {
                List<float[][]> fed = latentInputs(e, new ArrayList<>());
                assertTrue(fed.size() >= 4, fed.size() + " latent inputs");
                for (float[][] f : fed) {
                    double hiddenRms = rms(f[0]);
                    assertTrue(hiddenRms > 2 * embeddingRms, "the hidden state is already small: " + hiddenRms);
                    assertEquals(embeddingRms, rms(f[1]), 1e-4 * embeddingRms);
                    for (int j = 0; j < f[0].length; j++) {
                        assertEquals(f[0][j] * embeddingRms / hiddenRms, f[1][j], 1e-4 * embeddingRms);
                    }
                }
            }
        }
    }

    @Test
    void aBeforeAnswerModelHasItsOneForcedSegmentWhereItWritesTheAnswer(@TempDir Path tmp) {
        Path dir = tinyWith(tmp, LatentSchedule.BEFORE_ANSWER);
        try (ModelBundle b = ModelBundle.load(dir)) {
            assertEquals(LatentSchedule.BEFORE_ANSWER, b.config().latentSchedule());
            // a model that writes <|answer|> wherever it would write its favourite token: <|answer|>'s (tied)
            // embedding becomes twice that token's; nothing makes <|latent_start|> likely
            int favourite;
            try (ReasoningEngine e = new ReasoningEngine(b, EngineOptions.defaults())) {
                int[] ids = e.trace(Sessions.request("before-answer", 5, null, Mode.TEXT, 3, true, 8, 0, 1))
                        .get(0)
                        .tokenIds();
                favourite = ids[ids.length - 1];
            }
            NDArray embed = b.weight(TensorLayout.EMBED_TOKENS);
            try (NDArray row = embed.get(favourite);
                    NDArray likely = row.mul(2f)) {
                embed.set(new ai.djl.ndarray.index.NDIndex(b.controlTokens().answer()), likely);
            }
            try (ReasoningEngine e = new ReasoningEngine(b, EngineOptions.defaults())) {
                List<Step> trace = e.trace(Sessions.request("before-answer", 5, null, Mode.LATENT, 3, true, 24, 0, 1));
                List<StepKind> kinds = trace.stream().map(Step::kind).toList();
                int first = kinds.indexOf(StepKind.LATENT);
                assertTrue(first >= 0, "no latent segment before the answer: " + trace);
                assertEquals(
                        List.of(StepKind.LATENT, StepKind.LATENT, StepKind.LATENT), kinds.subList(first, first + 3));
                assertEquals(3, kinds.stream().filter(k -> k == StepKind.LATENT).count(), kinds.toString());
                assertEquals(StepKind.ANSWER, kinds.get(first + 3), "the answer follows the segment: " + kinds);
                List<Step> text = e.trace(Sessions.request("before-answer", 5, null, Mode.TEXT, 3, true, 24, 0, 1));
                assertTrue(text.stream().noneMatch(s -> s.kind() == StepKind.LATENT), "text mode has no latents");
            }
        }
    }

    @Test
    void aBeforeChainModelHasItsOneForcedSegmentFirstAndNoneAfter(@TempDir Path tmp) {
        Path dir = tinyWith(tmp, LatentSchedule.BEFORE_CHAIN);
        try (ModelBundle b = ModelBundle.load(dir);
                ReasoningEngine e = new ReasoningEngine(b, EngineOptions.defaults())) {
            assertEquals(LatentSchedule.BEFORE_CHAIN, b.config().latentSchedule());
            List<Step> trace = e.trace(Sessions.request("before-chain", 5, null, Mode.LATENT, 3, true, 24, 0, 1));
            List<StepKind> kinds = trace.stream().map(Step::kind).toList();
            assertEquals(
                    List.of(StepKind.LATENT, StepKind.LATENT, StepKind.LATENT), kinds.subList(0, 3), kinds.toString());
            assertEquals(3, kinds.stream().filter(k -> k == StepKind.LATENT).count(), "one segment only: " + kinds);
            assertTrue(kinds.size() > 4, "the chain follows the segment: " + kinds);
            List<Step> text = e.trace(Sessions.request("before-chain", 5, null, Mode.TEXT, 3, true, 24, 0, 1));
            assertTrue(text.stream().noneMatch(s -> s.kind() == StepKind.LATENT), "text mode has no latents");
        }
    }

    @Test
    void aBeforeConclusionModelOpensItsSegmentItselfSoNothingIsForced(@TempDir Path tmp) {
        Path dir = tinyWith(tmp, LatentSchedule.BEFORE_CONCLUSION);
        try (ModelBundle b = ModelBundle.load(dir);
                ReasoningEngine e = new ReasoningEngine(b, EngineOptions.defaults())) {
            // nothing makes <|latent_start|> likely, so a model left to itself writes no segment
            List<Step> trace = e.trace(Sessions.request("before-conclusion", 5, null, Mode.LATENT, 3, true, 24, 0, 1));
            assertTrue(trace.stream().noneMatch(s -> s.kind() == StepKind.LATENT), trace.toString());
        }
        try (ModelBundle b = ModelBundle.load(dir)) {
            Sessions.makeControlTokensLikely(b, 12f);
            try (ReasoningEngine e = new ReasoningEngine(b, EngineOptions.defaults())) {
                List<Step> trace =
                        e.trace(Sessions.request("before-conclusion", 5, null, Mode.LATENT, 3, true, 24, 0, 1));
                assertTrue(trace.stream().anyMatch(s -> s.kind() == StepKind.LATENT), "the model's own segment runs");
            }
        }
    }

    /** A copy of the tiny bundle whose {@code config.json} has {@code schedule}. */
    private static Path tinyWith(Path tmp, LatentSchedule schedule) {
        Path dir = TinyBundles.copyTiny(tmp.resolve(schedule.key()));
        ModelBundle.editConfig(dir, c -> c.withLatentSchedule(schedule));
        return dir;
    }

    /** Each latent input the scheduler fed a latent-mode session, {@code {previous last hidden state, input}}. */
    private static List<float[][]> latentInputs(ReasoningEngine engine, List<Step> steps) {
        SessionRequest r = Sessions.request("exact", 7, Sessions.visual(engine, 1, 3), Mode.LATENT, 4, true, 20, 0, 1);
        List<float[][]> forwards = new ArrayList<>(); // {input, output, wasLatent}
        try (BatchScheduler scheduler = new BatchScheduler(engine)) {
            scheduler.observer =
                    (s, in, out) -> forwards.add(new float[][] {in, out, {s.pendingLatent != null ? 1 : 0}});
            scheduler.submit(engine.newSession(r, steps::add));
            scheduler.runUntilIdle();
        }
        int d = engine.bundle().config().hiddenSize();
        List<float[][]> fed = new ArrayList<>();
        for (int i = 1; i < forwards.size(); i++) {
            if (forwards.get(i)[2][0] == 1) {
                float[] prevOut = forwards.get(i - 1)[1];
                fed.add(new float[][] {
                    Arrays.copyOfRange(prevOut, prevOut.length - d, prevOut.length), forwards.get(i)[0]
                });
            }
        }
        return fed;
    }

    private static double rms(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / x.length);
    }

    @Test
    void everyLatentSegmentHasExactlyKSteps() {
        for (int k : new int[] {0, 1, 3, 6}) {
            List<Step> trace = engine.trace(Sessions.request("k" + k, 5, null, Mode.LATENT, k, true, 24, 0, 1));
            Map<Integer, List<Integer>> bySegment = new HashMap<>();
            trace.stream()
                    .filter(s -> s.kind() == StepKind.LATENT)
                    .forEach(s -> bySegment
                            .computeIfAbsent(s.segment(), x -> new ArrayList<>())
                            .add(s.index()));
            if (k > 0) {
                assertFalse(bySegment.isEmpty(), "K=" + k + " produced no latent segment");
            }
            for (List<Integer> indices : bySegment.values()) {
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    expected.add(i);
                }
                assertEquals(expected, indices, "K=" + k);
            }
        }
    }

    @Test
    void textModeNeverEmitsLatentOrSketchTokensEvenWhenTheModelPrefersThem() {
        ControlTokens c = bundle.controlTokens();
        for (long seed = 0; seed < 6; seed++) {
            List<Step> trace = engine.trace(Sessions.request("t" + seed, 5, null, Mode.TEXT, 4, true, 24, 1.5, seed));
            for (Step s : trace) {
                assertTrue(s.kind() == StepKind.TEXT || s.kind() == StepKind.ANSWER, "text mode emitted " + s.kind());
                for (int id : s.tokenIds()) {
                    for (int control : new int[] {c.latentStart(), c.latentEnd(), c.sketchStart(), c.sketchEnd()}) {
                        assertNotEquals(control, id);
                    }
                }
            }
        }
        // The same model outside text mode does take the control tokens: the masking is what held them off.
        List<Step> auto = engine.trace(Sessions.request("late", 5, null, Mode.LATENT, 5, true, 24, 0, 5));
        // Only the first segment is forced; later ones are the model's own choice.
        assertTrue(auto.stream().anyMatch(s -> s.kind() == StepKind.LATENT && s.segment() >= 1));
    }

    @Test
    void sameSeedGivesTheSameTraceAndGreedyIgnoresTheSeed() {
        SessionRequest a = Sessions.request("d", 6, Sessions.visual(engine, 2, 4), Mode.MIXED, 2, true, 20, 1.2, 77);
        assertEquals(Sessions.signature(engine.trace(a)), Sessions.signature(engine.trace(a)));
        SessionRequest other = Sessions.request("d", 6, a.visual(), Mode.MIXED, 2, true, 20, 1.2, 78);
        assertNotEquals(Sessions.signature(engine.trace(a)), Sessions.signature(engine.trace(other)));
        List<String> greedy1 =
                Sessions.signature(engine.trace(Sessions.request("g", 6, null, Mode.LATENT, 3, true, 20, 0, 1)));
        List<String> greedy2 =
                Sessions.signature(engine.trace(Sessions.request("g", 6, null, Mode.LATENT, 3, true, 20, 0, 999)));
        assertEquals(greedy1, greedy2);
    }

    @Test
    void aNonFiniteLatentEndsTheSessionWithAClearError() {
        try (ModelBundle broken = TinyBundles.loadTiny()) {
            NDArray norm = broken.weight(TensorLayout.FINAL_NORM);
            norm.muli(Float.NaN);
            try (ReasoningEngine e = new ReasoningEngine(broken, EngineOptions.defaults())) {
                List<Step> steps = new ArrayList<>();
                SessionResult result =
                        e.run(Sessions.request("nan", 5, null, Mode.LATENT, 4, true, 10, 0, 1), steps::add);
                assertEquals(SessionResult.Status.FAILED, result.status());
                assertTrue(result.error().contains("non-finite"), result.error());
                assertTrue(steps.stream().noneMatch(s -> s.kind() == StepKind.ANSWER));
                SessionResult text =
                        e.run(Sessions.request("nan-text", 5, null, Mode.TEXT, 0, false, 10, 0, 1), s -> {});
                assertEquals(SessionResult.Status.FAILED, text.status());
                assertTrue(text.error().contains("non-finite logits"), text.error());
            }
        }
        try (ReasoningEngine bounded =
                new ReasoningEngine(bundle, EngineOptions.defaults().withMaxLatentNorm(1.0))) {
            SessionResult r = bounded.run(Sessions.request("big", 5, null, Mode.LATENT, 4, true, 10, 0, 1), s -> {});
            assertEquals(SessionResult.Status.FAILED, r.status());
            assertTrue(r.error().contains("bound 1.0"), r.error());
        }
    }

    @Test
    void cancelStopsASessionAtTheNextStep() {
        List<Step> steps = new ArrayList<>();
        try (BatchScheduler scheduler = new BatchScheduler(engine)) {
            ReasoningSession s =
                    engine.newSession(Sessions.request("c", 5, null, Mode.TEXT, 0, false, 500, 0, 1), steps::add);
            scheduler.submit(s);
            scheduler.step();
            scheduler.step();
            s.cancel();
            scheduler.step();
            assertTrue(scheduler.idle());
            assertEquals(SessionResult.Status.CANCELLED, s.result().status());
        }
    }
}
