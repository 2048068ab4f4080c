package dev.sightline.spatial.scene;

import java.util.Locale;

/**
 * The three object sizes. {@link #radius()} is, in table units, the sphere/cylinder/cone radius and the
 * cube's half-edge; every object is {@code 2 * radius} tall and {@code 2 * radius} wide.
 */
public enum Size {
    SMALL(0.25),
    MEDIUM(0.375),
    LARGE(0.5);

    private final double radius;

    Size(double radius) {
        this.radius = radius;
    }

    /** Half-width in table units. */
    public double radius() {
        return radius;
    }

    /** The adjective used in questions and answers, e.g. {@code "small"}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
