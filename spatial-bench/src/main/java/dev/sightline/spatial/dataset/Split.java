package dev.sightline.spatial.dataset;

import dev.sightline.spatial.scene.SceneRules;
import java.util.Locale;

/**
 * The three splits. Train and test draw from the same distribution with disjoint seeds; hard has more
 * objects than training ever shows and always a held-out colour-shape pair.
 */
public enum Split {
    TRAIN(SceneRules.TRAINING),
    TEST(SceneRules.TRAINING),
    HARD(SceneRules.HARD);

    private final SceneRules rules;

    Split(SceneRules rules) {
        this.rules = rules;
    }

    /** What this split's scenes look like. */
    public SceneRules rules() {
        return rules;
    }

    /** The lower-case name, e.g. {@code "train"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The split with this {@link #id()} (case-insensitive). */
    public static Split parse(String id) {
        try {
            return valueOf(id.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown split \"" + id + "\" (expected train, test or hard)");
        }
    }
}
