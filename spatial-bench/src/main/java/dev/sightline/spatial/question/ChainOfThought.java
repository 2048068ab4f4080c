package dev.sightline.spatial.question;

import dev.sightline.spatial.render.RenderedView;
import dev.sightline.spatial.scene.ObjectRef;
import dev.sightline.spatial.scene.SceneObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the templated chains of thought. Numbers are table units with one decimal (widths with as many as
 * they need); the generator's margins keep rounded numbers consistent with the answer.
 */
public final class ChainOfThought {
    private final List<RenderedView> views;
    private final List<CotStep> steps = new ArrayList<>();

    ChainOfThought(List<RenderedView> views) {
        this.views = views;
    }

    /** Adds a line that refers to {@code objects}. */
    ChainOfThought say(String text, SceneObject... objects) {
        steps.add(new CotStep(text, Arrays.stream(objects).map(this::boxesOf).toList()));
        return this;
    }

    /** "The red cube is at x = 1.2, z = -0.4." */
    ChainOfThought position(ObjectRef ref, SceneObject object) {
        return say(
                capitalised(ref.phrase()) + " is at x = " + oneDecimal(object.x()) + ", z = " + oneDecimal(object.z())
                        + ".",
                object);
    }

    /** The final line, "So the answer is X.", referring to the answer object if there is one. */
    List<CotStep> answer(String answer, SceneObject... objects) {
        say("So the answer is " + answer + ".", objects);
        return List.copyOf(steps);
    }

    /** A number as the chains write it: one decimal, rounded half up, never "-0.0". */
    public static String oneDecimal(double value) {
        // the exact binary value, not Double.toString (whose digits changed in JDK 19), so every JVM rounds alike
        BigDecimal rounded = new BigDecimal(value).setScale(1, RoundingMode.HALF_UP);
        // "-0.0" would read as a different number from "0.0"
        return rounded.signum() == 0 ? "0.0" : rounded.toPlainString();
    }

    /** 0.5, 0.75, 1.0: as many decimals as needed, at least one. */
    static String width(double value) {
        BigDecimal exact =
                new BigDecimal(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        return exact.scale() < 1 ? exact.setScale(1).toPlainString() : exact.toPlainString();
    }

    static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private ObjectBoxes boxesOf(SceneObject object) {
        return new ObjectBoxes(
                object.id(), views.stream().map(v -> v.box(object.id())).toList());
    }
}
