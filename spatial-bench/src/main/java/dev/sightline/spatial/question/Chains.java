package dev.sightline.spatial.question;

import java.util.Locale;

/**
 * How a chain of thought states positions and computes from them.
 *
 * <p>{@link #DECIMAL} states each object at {@code x = 1.2, z = -0.4} and the result in one step ("The
 * distance is 2.7."): a 4-block model learns to copy such chains without computing them (docs/results.md,
 * sixteenth session). {@link #GRID} states each object's square of the 6 x 6 table ("column 4, row 3") and
 * reaches the answer in small integer steps (differences, products or sums of squares, a comparison), each a
 * lookup in a table of a few dozen entries; given the squares, such a model computes the answer (seventeenth
 * session). A grid chain's answer is the square-level one, so with {@code GRID} the generator asks only
 * questions whose square-level answer is the exact one (see {@link GridChain}).
 */
public enum Chains {
    DECIMAL,
    GRID;

    /** {@code decimal} or {@code grid}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The style with this {@link #id()} (case-insensitive). */
    public static Chains parse(String id) {
        try {
            return valueOf(id.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--chains must be decimal or grid, got \"" + id + "\"");
        }
    }
}
