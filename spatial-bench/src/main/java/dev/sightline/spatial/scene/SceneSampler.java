package dev.sightline.spatial.scene;

import java.util.ArrayList;
import java.util.List;

/** Draws random scenes that follow a {@link SceneRules}. All randomness of a sample's scene comes from here. */
public final class SceneSampler {
    /** Smallest clearance between two objects' footprint circles, table units. */
    public static final double MIN_GAP = 0.15;

    /** Smallest clearance between a footprint circle and the table edge, table units. */
    public static final double EDGE_MARGIN = 0.1;

    private static final int PLACEMENT_TRIES = 200;

    private SceneSampler() {}

    /** A scene drawn from {@code rng}; the same generator state gives the same scene. */
    public static Scene sample(SeededRandom rng, SceneRules rules) {
        while (true) {
            int count = rng.nextInt(rules.minObjects(), rules.maxObjects());
            int heldOutSlot = rules.heldOut() ? rng.nextInt(count) : -1;
            List<SceneObject> placed = new ArrayList<>(count);
            for (int id = 0; id < count; id++) {
                SceneObject object = place(rng, id, id == heldOutSlot, rules.heldOut(), placed);
                if (object == null) {
                    break; // crowded: start the scene again rather than bias the layout
                }
                placed.add(object);
            }
            if (placed.size() == count) {
                return new Scene(placed);
            }
        }
    }

    private static SceneObject place(
            SeededRandom rng, int id, boolean forceHeldOut, boolean heldOutAllowed, List<SceneObject> placed) {
        Colour colour;
        Shape shape;
        if (forceHeldOut) {
            HeldOutPairs.Pair pair = rng.pick(HeldOutPairs.PAIRS);
            colour = pair.colour();
            shape = pair.shape();
        } else {
            do {
                colour = rng.pick(Colour.values());
                shape = rng.pick(Shape.values());
            } while (!heldOutAllowed && HeldOutPairs.isHeldOut(colour, shape));
        }
        Size size = rng.pick(Size.values());
        for (int attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
            SceneObject candidate = new SceneObject(id, shape, colour, size, 0, 0);
            double reach = Table.HALF_EXTENT - EDGE_MARGIN - candidate.footprintRadius();
            candidate = new SceneObject(
                    id, shape, colour, size, rng.nextDouble(-reach, reach), rng.nextDouble(-reach, reach));
            if (fits(candidate, placed)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean fits(SceneObject candidate, List<SceneObject> placed) {
        for (SceneObject other : placed) {
            double clearance = candidate.footprintRadius() + other.footprintRadius() + MIN_GAP;
            if (candidate.distanceTo(other) < clearance) {
                return false;
            }
        }
        return true;
    }
}
