package dev.sightline.spatial.question;

import dev.sightline.spatial.question.QuestionGenerator.Target;
import dev.sightline.spatial.scene.ObjectRef;
import dev.sightline.spatial.scene.SceneObject;
import dev.sightline.spatial.scene.Table;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Chains#GRID} chains: positions as the table's 1 x 1 squares, then one small integer operation
 * per step. Columns count along +x and rows along +z, both 0..5 from the table's -x, -z corner, so a
 * difference of squares has the sign of the difference of coordinates.
 *
 * <p>Each family's square-level answer is computed here the way its chain computes it; the generator asks
 * only questions where that answer is the exact one, so no chain contradicts its last line.
 */
final class GridChain {
    private GridChain() {}

    static int column(SceneObject o) {
        return Table.square(o.x());
    }

    static int row(SceneObject o) {
        return Table.square(o.z());
    }

    /** "in column 4, row 3" */
    static String squareOf(SceneObject o) {
        return "in column " + column(o) + ", row " + row(o);
    }

    /** "The red cube is in column 4, row 3." */
    static void position(ChainOfThought cot, ObjectRef ref, SceneObject object) {
        cot.say(ChainOfThought.capitalised(ref.phrase()) + " is " + squareOf(object) + ".", object);
    }

    /** Left or right by the sign of the squares' cross product; empty when it is zero. */
    static Optional<String> direction(SceneObject at, SceneObject facing, SceneObject target) {
        int p1 = (column(facing) - column(at)) * (row(target) - row(at));
        int p2 = (row(facing) - row(at)) * (column(target) - column(at));
        // +x to +z is a right turn seen from above (y up), as QuestionGenerator.turn has it
        return p1 == p2 ? Optional.empty() : Optional.of(p1 > p2 ? "right" : "left");
    }

    /** The steps after the positions of a direction chain, ending "so it is to the right." */
    static void direction(ChainOfThought cot, Target at, Target facing, Target target) {
        int fc = column(facing.object()) - column(at.object());
        int fr = row(facing.object()) - row(at.object());
        int tc = column(target.object()) - column(at.object());
        int tr = row(target.object()) - row(at.object());
        offset(cot, facing, at, fc, fr);
        offset(cot, target, at, tc, tr);
        int p1 = fc * tr;
        int p2 = fr * tc;
        cot.say(fc + " times " + tr + " is " + p1 + ", " + fr + " times " + tc + " is " + p2 + ".");
        cot.say(p1 + (p1 > p2 ? " is more than " : " is less than ") + p2 + ", so it is to the "
                + (p1 > p2 ? "right" : "left") + ".");
    }

    /** Squared distance in squares. */
    static int squaredDistance(SceneObject a, SceneObject b) {
        int dc = column(a) - column(b);
        int dr = row(a) - row(b);
        return dc * dc + dr * dr;
    }

    /** Whether the sums of squares differ and pick the closer object that the exact distances pick. */
    static boolean agreesOnCloser(SceneObject anchor, SceneObject first, SceneObject second, boolean firstCloser) {
        int s1 = squaredDistance(anchor, first);
        int s2 = squaredDistance(anchor, second);
        return s1 != s2 && (s1 < s2) == firstCloser;
    }

    /** The steps after the positions of a relative-distance chain: both offsets, then both sums of squares. */
    static void relativeDistance(ChainOfThought cot, Target anchor, Target first, Target second) {
        for (Target other : List.of(first, second)) {
            int dc = Math.abs(column(other.object()) - column(anchor.object()));
            int dr = Math.abs(row(other.object()) - row(anchor.object()));
            cot.say(
                    ChainOfThought.capitalised(other.ref().phrase()) + " is " + dc + " columns and " + dr
                            + " rows from " + anchor.ref().phrase() + ".",
                    anchor.object(),
                    other.object());
        }
        cot.say("That makes " + squaredDistance(anchor.object(), first.object()) + " and "
                + squaredDistance(anchor.object(), second.object()) + ".");
    }

    /** The distance between the centres of two objects' squares. */
    static double distance(SceneObject a, SceneObject b) {
        return Math.sqrt(squaredDistance(a, b));
    }

    /** The steps after the positions of an absolute-distance chain. */
    static void absoluteDistance(ChainOfThought cot, SceneObject a, SceneObject b) {
        int dc = Math.abs(column(a) - column(b));
        int dr = Math.abs(row(a) - row(b));
        cot.say("They are " + dc + " columns and " + dr + " rows apart.", a, b);
        cot.say("The distance is about " + ChainOfThought.oneDecimal(distance(a, b)) + ".", a, b);
    }

    private static void offset(ChainOfThought cot, Target other, Target from, int dc, int dr) {
        cot.say(
                ChainOfThought.capitalised(other.ref().phrase()) + " is " + dc + " columns and " + dr + " rows from "
                        + from.ref().phrase() + ".",
                from.object(),
                other.object());
    }
}
