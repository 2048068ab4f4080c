package dev.sightline.spatial.scene;

import java.util.List;

/**
 * The colour-shape combinations kept out of training: no train or test scene contains them, every hard scene
 * contains at least one, so the hard split measures compositional generalisation. Each colour and each shape
 * occurs in training, only these four pairings do not.
 */
public final class HeldOutPairs {

    /** A colour-shape combination. */
    public record Pair(Colour colour, Shape shape) {}

    /** red cone, green cylinder, blue cube, purple sphere. */
    public static final List<Pair> PAIRS = List.of(
            new Pair(Colour.RED, Shape.CONE),
            new Pair(Colour.GREEN, Shape.CYLINDER),
            new Pair(Colour.BLUE, Shape.CUBE),
            new Pair(Colour.PURPLE, Shape.SPHERE));

    private HeldOutPairs() {}

    public static boolean isHeldOut(Colour colour, Shape shape) {
        return PAIRS.contains(new Pair(colour, shape));
    }

    /** Whether some object of the scene has a held-out colour-shape pair. */
    public static boolean anyIn(Scene scene) {
        return scene.objects().stream().anyMatch(o -> isHeldOut(o.colour(), o.shape()));
    }
}
