package dev.sightline.spatial.scene;

import java.util.Locale;

/**
 * The four primitive solids. Every shape of {@link Size} s has half-width {@code s.radius()} and height
 * {@code 2 * s.radius()} and rests on the table (y = 0): a cube is axis-aligned, a sphere touches the table
 * at one point, a cylinder and a cone stand upright (the cone's base on the table, its apex on top).
 */
public enum Shape {
    CUBE,
    SPHERE,
    CYLINDER,
    CONE;

    /** The singular noun used in questions, e.g. {@code "cube"}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The plural noun used in counting questions, e.g. {@code "cubes"}. */
    public String plural() {
        return word() + "s";
    }
}
