package dev.sightline.spatial.scene;

import java.util.Objects;

/**
 * A description of an object as a question words it: colour and shape, plus the size when colour and shape
 * alone would be ambiguous. Questions carry references, never object ids, so that answering them means
 * finding the object from its description.
 *
 * @param colour the colour
 * @param shape the shape
 * @param size the size, or {@code null} when colour and shape suffice
 */
public record ObjectRef(Colour colour, Shape shape, Size size) {

    public ObjectRef {
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(shape, "shape");
    }

    /** Whether {@code object} fits this description. */
    public boolean matches(SceneObject object) {
        return object.colour() == colour && object.shape() == shape && (size == null || object.size() == size);
    }

    /** The name without article, as used in answers, e.g. {@code "red cube"} or {@code "large red cube"}. */
    public String name() {
        return (size == null ? "" : size.word() + " ") + colour.word() + " " + shape.word();
    }

    /** The name with the definite article, as used in questions, e.g. {@code "the red cube"}. */
    public String phrase() {
        return "the " + name();
    }
}
