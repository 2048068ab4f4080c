package dev.sightline.latent.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.sightline.latent.TinyBundles;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.TensorLayout;
import dev.sightline.latent.sampling.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GuidedChoiceTest {
    static final List<String> CHOICES = List.of("left", "right", "2.5 to 3.5", "green cube");

    static ModelBundle bundle;
    static ReasoningEngine engine;

    @BeforeAll
    static void open() {
        bundle = TinyBundles.loadTiny();
        // A random model rarely writes <|answer|>: a longer embedding row (tied to the output) makes it likely.
        NDArray embed = bundle.weight(TensorLayout.EMBED_TOKENS);
        NDIndex answer = new NDIndex(bundle.controlTokens().answer());
        try (NDArray row = embed.get(answer);
                NDArray scaled = row.mul(12f)) {
            embed.set(answer, scaled);
        }
        engine = new ReasoningEngine(bundle, EngineOptions.defaults());
    }

    @AfterAll
    static void close() {
        engine.close();
        bundle.close();
    }

    private static SessionRequest request(long seed, List<String> choices) {
        return new SessionRequest(
                "choice-" + seed,
                "Which is closer to the red cube: the green cube or the blue cone?",
                null,
                null,
                Mode.TEXT,
                0,
                false,
                64,
                new SamplingParams(1.0, 0, 1, seed),
                choices);
    }

    /** Answers of the sessions that ended by themselves (guided ones can only end on a whole choice). */
    private static List<String> answers(List<String> choices) {
        List<String> out = new ArrayList<>();
        for (long seed = 0; seed < 24; seed++) {
            List<Step> trace = engine.trace(request(seed, choices));
            Step last = trace.get(trace.size() - 1);
            // finish() always emits an ANSWER step: a session that wrote no <|answer|> answers with all its text,
            // which is no choice and fails the assertion below
            boolean answered = SessionResult.EOS.equals(last.finishReason());
            if (answered && !last.text().isEmpty()) {
                out.add(last.text());
            }
        }
        return out;
    }

    @Test
    void aGuidedChainOfThoughtMayNotEndTheSessionBeforeItsAnswer() {
        var control = bundle.controlTokens();
        int eos = bundle.generation().eosTokenId();
        boolean[] banned = engine.bannedTokens(Mode.TEXT);
        boolean[] before = new AnswerChoices(CHOICES, bundle).beforeAnswer(banned, control, eos);
        assertTrue(before[control.endOfText()] && before[eos], "the end of text is banned before <|answer|>");
        assertTrue(!banned[control.endOfText()], "the mode's own mask is not changed");
        for (int id = 0; id < banned.length; id++) {
            if (id != control.endOfText() && id != eos) {
                assertEquals(banned[id], before[id], "token " + id);
            }
        }
        assertTrue(new AnswerChoices(List.of(), bundle).beforeAnswer(banned, control, eos) == banned, "free: as is");
    }

    @Test
    void aGuidedAnswerIsAlwaysOneOfTheChoicesEvenFromARandomModel() {
        List<String> guided = answers(CHOICES);
        assertTrue(guided.size() >= 8, "too few sessions reached an answer to judge: " + guided);
        for (String a : guided) {
            assertTrue(CHOICES.contains(a), "guided answer \"" + a + "\" is not one of " + CHOICES);
        }
        // The same random model left free writes something else: the guide is what makes the answers valid.
        List<String> free = new ArrayList<>();
        for (long seed = 0; seed < 24; seed++) {
            free.add(engine.run(request(seed, List.of()), step -> {}).answer());
        }
        assertTrue(free.stream().anyMatch(a -> !CHOICES.contains(a)), "free answers all in the set: " + free);
    }

    @Test
    void aGuidedSessionIsDeterministicForItsSeed() {
        assertEquals(
                Sessions.signature(engine.trace(request(7, CHOICES))),
                Sessions.signature(engine.trace(request(7, CHOICES))));
    }

    @Test
    void aChoiceThatSpellsAControlTokenIsRejected() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> engine.newSession(request(1, List.of("left", "<|latent_start|>")), step -> {}));
        assertTrue(e.getMessage().contains("control token"), e.getMessage());
    }

    @Test
    void aBlankChoiceIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> request(1, List.of("left", " ")));
    }
}
