package dev.sightline.trainer.data;

import dev.sightline.spatial.scene.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a chain of thought states an object's table position: "The red cube is at x = 1.2, z = -0.4." (a
 * position line) or "There is a small red cube at x = 1.2, z = -0.4." (a count's listing). What the
 * localization metric reads from a model's chain and what the position readout is trained at. A grid chain
 * ({@code --chains grid}) states a square instead, "The red cube is in column 4, row 3." ({@link #squaresIn}).
 *
 * @param name the object's words ("red cube", "small red cube")
 * @param x the stated x, table units (for a square, its centre's)
 * @param z the stated z
 * @param xAt the character offset of x's first character ({@code text.substring(0, xAt - 1)} ends with "x ="
 *     or, for a square, "column")
 * @param zAt the same for z
 */
public record PositionMention(String name, double x, double z, int xAt, int zAt) {
    /** "[The|a] [size] colour shape [is] at x = 1.2, z = -0.4". */
    private static final Pattern POSITION =
            Pattern.compile("(?:[Tt]he|a) ((?:\\w+ )?\\w+ \\w+) (?:is )?at x = (-?\\d+\\.\\d+), z = (-?\\d+\\.\\d+)");

    /** "[The|a] [size] colour shape [is] in column 4, row 3". */
    private static final Pattern SQUARE =
            Pattern.compile("(?:[Tt]he|a) ((?:\\w+ )?\\w+ \\w+) (?:is )?in column (\\d+), row (\\d+)");

    /** Every mention in {@code text}, in order. */
    public static List<PositionMention> in(String text) {
        return find(POSITION, text, Double::parseDouble);
    }

    /** Every square a grid chain states in {@code text}, in order, at the square's centre. */
    public static List<PositionMention> squaresIn(String text) {
        return find(SQUARE, text, square -> Table.centre(Integer.parseInt(square)));
    }

    /** Every position or square {@code text} states, in order: a chain states one kind or the other. */
    public static List<PositionMention> stated(String text) {
        List<PositionMention> out = new ArrayList<>(in(text));
        out.addAll(squaresIn(text));
        out.sort(Comparator.comparingInt(PositionMention::xAt));
        return out;
    }

    /** The matches of {@code pattern} (groups: name, x, z), each coordinate read by {@code coordinate}. */
    private static List<PositionMention> find(Pattern pattern, String text, ToDoubleFunction<String> coordinate) {
        List<PositionMention> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(new PositionMention(
                    m.group(1),
                    coordinate.applyAsDouble(m.group(2)),
                    coordinate.applyAsDouble(m.group(3)),
                    m.start(2),
                    m.start(3)));
        }
        return out;
    }
}
