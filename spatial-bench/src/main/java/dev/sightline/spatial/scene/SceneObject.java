package dev.sightline.spatial.scene;

import java.util.Objects;

/**
 * One solid on the table.
 *
 * @param id index of the object in its {@link Scene} (also its value in object-id maps)
 * @param shape the solid
 * @param colour the base colour
 * @param size the size class; see {@link Size#radius()}
 * @param x centre of the footprint, table units (world frame of {@link Table})
 * @param z centre of the footprint, table units
 */
public record SceneObject(int id, Shape shape, Colour colour, Size size, double x, double z) {

    public SceneObject {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(size, "size");
        if (id < 0) {
            throw new IllegalArgumentException("negative object id " + id);
        }
    }

    /** Half-width: sphere/cylinder/cone radius or cube half-edge, table units. */
    public double radius() {
        return size.radius();
    }

    /** Height above the table, table units. */
    public double height() {
        return 2 * size.radius();
    }

    /**
     * Radius of the smallest circle around the footprint (a cube's footprint is a square, so its corners reach
     * {@code radius * sqrt(2)}); placement keeps these circles apart.
     */
    public double footprintRadius() {
        return shape == Shape.CUBE ? size.radius() * Math.sqrt(2) : size.radius();
    }

    /** Distance between the footprint centres of this object and {@code other} on the table plane. */
    public double distanceTo(SceneObject other) {
        double dx = other.x - x;
        double dz = other.z - z;
        return Math.sqrt(dx * dx + dz * dz);
    }

    /** Colour and shape, e.g. {@code "red cube"}. */
    public String colourShape() {
        return colour.word() + " " + shape.word();
    }
}
