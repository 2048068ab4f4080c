package dev.sightline.spatial.question;

import dev.sightline.spatial.scene.SceneObject;

/** Plane geometry on the table (x, z) shared by the solver, the generator and the chain of thought. */
final class Geometry {

    private Geometry() {}

    /**
     * Signed distance of {@code target}'s centre from the line of sight that starts at {@code at}'s centre and
     * goes through {@code facing}'s centre: positive to the right, negative to the left. With y up, the right
     * of a heading {@code (fx, fz)} is {@code (-fz, fx)}; e.g. heading -z (the way view 0 looks) has +x on its
     * right, as in view 0's image.
     */
    static double sideOffset(SceneObject at, SceneObject facing, SceneObject target) {
        double fx = facing.x() - at.x();
        double fz = facing.z() - at.z();
        double wx = target.x() - at.x();
        double wz = target.z() - at.z();
        double length = Math.sqrt(fx * fx + fz * fz);
        return (-wx * fz + wz * fx) / length;
    }
}
