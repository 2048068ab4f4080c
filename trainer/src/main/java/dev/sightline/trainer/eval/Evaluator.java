package dev.sightline.trainer.eval;

import dev.sightline.latent.sampling.SamplingParams;
import dev.sightline.latent.session.BatchScheduler;
import dev.sightline.latent.session.Mode;
import dev.sightline.latent.session.ReasoningEngine;
import dev.sightline.latent.session.ReasoningSession;
import dev.sightline.latent.session.SessionRequest;
import dev.sightline.latent.session.StepKind;
import dev.sightline.trainer.data.TrainingSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accuracy of a bundle on samples, per question family and overall, for each mode and latent budget K.
 * Sessions run greedily through one continuous-batching scheduler, exactly as served; an answer counts
 * when the ANSWER text, trimmed, equals the sample's answer (closed set, exact match). Latent and mixed
 * modes use the VaLR schedule (a latent segment before every CoT step), as the latent recipes train.
 */
public final class Evaluator {
    /**
     * One line of {@code sightline eval --json}; {@code cutShort} counts the wrong answers that ended at {@code
     * max_tokens} or the context length (stderr only: the JSON lines keep their six keys).
     */
    public record Row(
            String split, String family, String mode, int latentSteps, double accuracy, int n, int cutShort) {}

    /**
     * The gateway's default budget. Gold chains run up to ~125 tokens on {@code hard} (a count over many
     * objects), and the latent schedule forces one {@code <|latent_start|>} per CoT step on top: 96, the old
     * default, cut off most {@code relative_distance} chains and, in latent mode, most {@code
     * relative_direction} ones, which scored them as wrong whatever the model knew.
     */
    public static final int DEFAULT_MAX_TOKENS = 256;

    private final ReasoningEngine engine;
    private final int maxTokens;
    private final boolean guidedChoice;

    /** Free answers: the model's own text after {@code <|answer|>} is scored. */
    public Evaluator(ReasoningEngine engine, int maxTokens) {
        this(engine, maxTokens, false);
    }

    /**
     * @param guidedChoice decode each answer among its sample's closed set ({@link SessionRequest#answerChoices}):
     *     a model that reasoned to the right object but cannot spell an unseen name, or writes a bucket that does
     *     not exist, is then scored on its choice — a protocol of its own, reported apart from free answers
     */
    public Evaluator(ReasoningEngine engine, int maxTokens, boolean guidedChoice) {
        this.engine = engine;
        this.maxTokens = maxTokens;
        this.guidedChoice = guidedChoice;
    }

    /**
     * A wrong answer seen by the last {@link #evaluate} call: sample id, expected, got, and the text the model
     * wrote before its answer (the chain of thought as decoded, latent segments left out) next to the gold one.
     */
    public record Miss(
            String id, String question, String expected, String got, boolean cutShort, String wrote, String gold) {}

    private final List<Miss> misses = new ArrayList<>();

    public List<Miss> misses() {
        return misses;
    }

    private Localization localization = new Localization();

    /** How well the last {@link #evaluate} call's chains located the objects their gold chains locate. */
    public Localization localization() {
        return localization;
    }

    public List<Row> evaluate(String split, List<TrainingSample> samples, Mode mode, int latentSteps) {
        misses.clear();
        localization = new Localization();
        List<ReasoningSession> sessions = new ArrayList<>();
        List<StringBuilder> wrote = new ArrayList<>();
        try (BatchScheduler scheduler = new BatchScheduler(engine)) {
            for (TrainingSample s : samples) {
                var visual = engine.vision().encode(s.frames());
                var request = new SessionRequest(
                        s.id(),
                        s.question(),
                        null,
                        visual,
                        mode,
                        latentSteps,
                        mode.latentBeforeEachStepByDefault(),
                        maxTokens,
                        SamplingParams.GREEDY,
                        guidedChoice ? s.choices() : List.of());
                StringBuilder text = new StringBuilder();
                wrote.add(text);
                ReasoningSession session = engine.newSession(request, step -> {
                    if (step.kind() == StepKind.TEXT) {
                        text.append(step.text());
                    }
                });
                sessions.add(session);
                scheduler.submit(session);
            }
            scheduler.runUntilIdle();
        }
        Map<String, Tally> byFamily = new TreeMap<>();
        Tally all = new Tally();
        for (int i = 0; i < samples.size(); i++) {
            var result = sessions.get(i).result();
            TrainingSample sample = samples.get(i);
            boolean correct = result.answer().trim().equals(sample.answer().trim());
            String chain = wrote.get(i).toString();
            String gold = String.join(" ", sample.steps());
            localization.add(chain, gold);
            if (!correct) {
                misses.add(new Miss(
                        sample.id(),
                        sample.question(),
                        sample.answer(),
                        result.error() != null ? "error: " + result.error() : result.answer(),
                        result.ranOutOfRoom(),
                        chain.strip(),
                        gold));
            }
            // an answer complete on the budget's last token is right, not cut short
            boolean cutShort = result.ranOutOfRoom() && !correct;
            byFamily.computeIfAbsent(sample.family(), f -> new Tally()).add(correct, cutShort);
            all.add(correct, cutShort);
        }
        List<Row> rows = new ArrayList<>();
        int k = mode == Mode.TEXT ? 0 : latentSteps;
        byFamily.forEach((family, t) -> rows.add(t.row(split, family, mode.wireName(), k)));
        rows.add(all.row(split, "all", mode.wireName(), k));
        return rows;
    }

    /**
     * The expected accuracy of a uniform guess among each sample's choices: the floor a model that chooses
     * without seeing must be measured against (a guided-choice evaluation can reach it knowing nothing).
     */
    public static double guessRate(List<TrainingSample> samples) {
        return samples.stream()
                .mapToDouble(s -> 1.0 / s.choices().size())
                .average()
                .orElse(0);
    }

    /** Counts for one row: answers, right ones, wrong ones cut short. */
    private static final class Tally {
        private int n;
        private int correct;
        private int cutShort;

        void add(boolean right, boolean cut) {
            n++;
            correct += right ? 1 : 0;
            cutShort += cut ? 1 : 0;
        }

        Row row(String split, String family, String mode, int k) {
            return new Row(split, family, mode, k, n == 0 ? 0 : (double) correct / n, n, cutShort);
        }
    }
}
