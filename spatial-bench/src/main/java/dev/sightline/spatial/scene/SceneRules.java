package dev.sightline.spatial.scene;

/**
 * What a split's scenes look like.
 *
 * @param minObjects fewest objects per scene
 * @param maxObjects most objects per scene
 * @param heldOut {@code true}: every scene has at least one {@link HeldOutPairs held-out pair};
 *     {@code false}: no scene has any
 */
public record SceneRules(int minObjects, int maxObjects, boolean heldOut) {

    /** Train and test: 2 to 6 objects, no held-out pair. */
    public static final SceneRules TRAINING = new SceneRules(2, 6, false);

    /** Hard: 7 to 9 objects (more than training ever shows), at least one held-out pair. */
    public static final SceneRules HARD = new SceneRules(7, 9, true);

    public SceneRules {
        if (minObjects < 1 || maxObjects < minObjects || maxObjects > 9) {
            throw new IllegalArgumentException("object range " + minObjects + ".." + maxObjects + " outside 1..9");
        }
    }
}
