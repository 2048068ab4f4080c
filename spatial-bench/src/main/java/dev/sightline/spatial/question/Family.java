package dev.sightline.spatial.question;

import java.util.Locale;

/** The VSI-Bench question families SpatialScenes asks. */
public enum Family {
    /** "How many red objects can you see?" → "0".."9". */
    OBJECT_COUNT(1),
    /** "Standing at A facing B, is C to the left or to the right?" → "left" / "right". */
    RELATIVE_DIRECTION(1),
    /** "Which is closer to A: B or C?" → the closer object's name. */
    RELATIVE_DISTANCE(1),
    /** "Which is larger: A or B?" → a name, or "What size is A?" → "small" / "medium" / "large". */
    OBJECT_SIZE(1),
    /** "How far apart are A and B, in table squares?" → a {@link DistanceBuckets} label. */
    ABSOLUTE_DISTANCE(1),
    /** "Which appears first across the views: A or B?" → a name; needs at least two views. */
    APPEARANCE_ORDER(2);

    private final int minViews;

    Family(int minViews) {
        this.minViews = minViews;
    }

    /** Fewest views a sample needs for this family to be askable. */
    public int minViews() {
        return minViews;
    }

    /** The snake-case name, e.g. {@code "object_count"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The family with this {@link #id()} (case-insensitive). */
    public static Family parse(String id) {
        try {
            return valueOf(id.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown question family \"" + id + "\"");
        }
    }
}
