package dev.sightline.trainer.eval;

import dev.sightline.spatial.question.ChainOfThought;
import dev.sightline.spatial.scene.Table;
import dev.sightline.trainer.data.PositionMention;
import dev.sightline.trainer.data.TrainingSample;
import java.util.List;
import java.util.Random;

/**
 * An evaluation ablation that splits a spatial chain into its two halves: the model is handed the gold chain's
 * lines up to its last position line ("The red cube is at x = 1.2, z = -0.4."), as part of the prompt, and
 * writes the rest — the arithmetic from positions to the answer. {@link #GOLD} gives the true numbers (oracle
 * perception), {@link #RANDOM} the same lines with every number drawn uniformly over the table, so the
 * difference between the two is what the stated positions are worth to the model's answers.
 *
 * <p>Grid chains ({@code --chains grid}) state squares instead ("The red cube is in column 4, row 3."); {@link
 * #RANDOM} draws those uniformly over the table's squares. Samples whose chain states no position (object size,
 * and counts of zero) are returned unchanged.
 */
public enum GivenPositions {
    GOLD,
    RANDOM;

    /** {@code gold} or {@code random}. */
    public static GivenPositions parse(String name) {
        return switch (name) {
            case "gold" -> GOLD;
            case "random" -> RANDOM;
            default -> throw new IllegalArgumentException("--given-positions must be gold or random, got " + name);
        };
    }

    /** How many leading steps of {@code sample}'s chain are given: up to its last position line, or 0. */
    public static int givenSteps(TrainingSample sample) {
        List<String> steps = sample.steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (!PositionMention.stated(steps.get(i)).isEmpty()) {
                return i + 1;
            }
        }
        return 0;
    }

    /**
     * The sample with its first {@link #givenSteps} lines appended to the question, one per line; the gold
     * chain and answer stay, so scoring is unchanged. {@code random} draws from a generator seeded by
     * {@code seed} and the sample's id, so a run is reproducible.
     */
    public TrainingSample apply(TrainingSample sample, long seed) {
        int given = givenSteps(sample);
        if (given == 0) {
            return sample;
        }
        Random random = new Random(seed ^ sample.id().hashCode());
        StringBuilder question = new StringBuilder(sample.question());
        for (String line : sample.steps().subList(0, given)) {
            question.append('\n').append(this == GOLD ? line : withRandomPositions(line, random));
        }
        return new TrainingSample(
                sample.id(),
                sample.frames(),
                question.toString(),
                sample.steps(),
                sample.answer(),
                sample.choices(),
                sample.family(),
                sample.teachers(),
                sample.stepRegions(),
                sample.sketchTarget(),
                sample.objects());
    }

    private static String withRandomPositions(String line, Random random) {
        StringBuilder out = new StringBuilder(line);
        List<PositionMention> squares = PositionMention.squaresIn(line);
        // right to left, so earlier offsets stay valid (a square is one digit, a redrawn number may not be)
        for (int i = squares.size() - 1; i >= 0; i--) {
            PositionMention m = squares.get(i);
            out.replace(m.zAt(), m.zAt() + 1, Integer.toString(random.nextInt(Table.SQUARES)));
            out.replace(m.xAt(), m.xAt() + 1, Integer.toString(random.nextInt(Table.SQUARES)));
        }
        List<PositionMention> mentions = PositionMention.in(line);
        // right to left, so earlier offsets stay valid as lengths change
        for (int i = mentions.size() - 1; i >= 0; i--) {
            PositionMention m = mentions.get(i);
            replaceNumberAt(out, m.zAt(), m.z(), random);
            replaceNumberAt(out, m.xAt(), m.x(), random);
        }
        return out.toString();
    }

    /** Replaces the number {@code stated} that starts at {@code at} with one drawn over the table. */
    private static void replaceNumberAt(StringBuilder text, int at, double stated, Random random) {
        // the chains write every number with ChainOfThought.oneDecimal, so that is the text to replace
        String written = ChainOfThought.oneDecimal(stated);
        if (!text.substring(at).startsWith(written)) {
            throw new IllegalStateException("no " + written + " at " + at + " in \"" + text + "\"");
        }
        double value = (2 * random.nextDouble() - 1) * Table.HALF_EXTENT;
        text.replace(at, at + written.length(), ChainOfThought.oneDecimal(value));
    }
}
