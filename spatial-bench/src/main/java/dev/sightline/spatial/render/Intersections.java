package dev.sightline.spatial.render;

import dev.sightline.spatial.scene.SceneObject;

/**
 * Ray against the analytic solids. A ray is an origin {@code o} and a unit direction {@code d}; every method
 * returns the smallest {@code t > EPSILON} with {@code o + t d} on the surface, or +infinity. The cameras are
 * always above the table, so the faces that lie on the table (bottoms of cubes, cylinders and cones) are
 * never the first hit and are left out.
 */
final class Intersections {
    static final double EPSILON = 1e-9;
    private static final double MISS = Double.POSITIVE_INFINITY;

    private Intersections() {}

    static double hit(SceneObject object, double ox, double oy, double oz, double dx, double dy, double dz) {
        double r = object.radius();
        double x0 = ox - object.x();
        double z0 = oz - object.z();
        return switch (object.shape()) {
            case SPHERE -> sphere(x0, oy - r, z0, dx, dy, dz, r);
            case CUBE -> cube(x0, oy, z0, dx, dy, dz, r);
            case CYLINDER -> cylinder(x0, oy, z0, dx, dy, dz, r);
            case CONE -> cone(x0, oy, z0, dx, dy, dz, r);
        };
    }

    /** Outward unit normal at surface point p (world frame) of {@code object}, written to {@code out}. */
    static void normal(SceneObject object, double px, double py, double pz, double[] out) {
        double r = object.radius();
        double h = object.height();
        double x = px - object.x();
        double z = pz - object.z();
        switch (object.shape()) {
            case SPHERE -> set(out, x / r, (py - r) / r, z / r);
            case CUBE -> {
                double y = py - r;
                double ax = Math.abs(x);
                double ay = Math.abs(y);
                double az = Math.abs(z);
                if (ax >= ay && ax >= az) {
                    set(out, Math.signum(x), 0, 0);
                } else if (ay >= az) {
                    set(out, 0, Math.signum(y), 0);
                } else {
                    set(out, 0, 0, Math.signum(z));
                }
            }
            case CYLINDER -> {
                if (py >= h - 1e-7) {
                    set(out, 0, 1, 0);
                } else {
                    set(out, x / r, 0, z / r);
                }
            }
            case CONE -> {
                double k = r / h;
                double ny = k * k * (h - py);
                double len = Math.sqrt(x * x + ny * ny + z * z);
                if (len == 0) {
                    set(out, 0, 1, 0); // the apex itself
                } else {
                    set(out, x / len, ny / len, z / len);
                }
            }
        }
    }

    /** Sphere of radius r centred at the origin of the shifted frame. */
    private static double sphere(double ox, double oy, double oz, double dx, double dy, double dz, double r) {
        double b = ox * dx + oy * dy + oz * dz;
        double c = ox * ox + oy * oy + oz * oz - r * r;
        double disc = b * b - c;
        if (disc < 0) {
            return MISS;
        }
        double root = Math.sqrt(disc);
        double t = -b - root;
        if (t > EPSILON) {
            return t;
        }
        t = -b + root;
        return t > EPSILON ? t : MISS;
    }

    /** Box [-r, r] x [0, 2r] x [-r, r] (slab method). */
    private static double cube(double ox, double oy, double oz, double dx, double dy, double dz, double r) {
        double[] range = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        if (!slab(ox, dx, -r, r, range) || !slab(oy, dy, 0, 2 * r, range) || !slab(oz, dz, -r, r, range)) {
            return MISS;
        }
        double near = range[0];
        double far = range[1];
        if (far < near || far <= EPSILON) {
            return MISS;
        }
        return near > EPSILON ? near : far;
    }

    private static boolean slab(double o, double d, double lo, double hi, double[] range) {
        if (Math.abs(d) < 1e-12) {
            return o >= lo && o <= hi;
        }
        double t1 = (lo - o) / d;
        double t2 = (hi - o) / d;
        range[0] = Math.max(range[0], Math.min(t1, t2));
        range[1] = Math.min(range[1], Math.max(t1, t2));
        return true;
    }

    /** Upright cylinder of radius r around the y axis, 0 <= y <= 2r: side and top cap. */
    private static double cylinder(double ox, double oy, double oz, double dx, double dy, double dz, double r) {
        double h = 2 * r;
        double best = MISS;
        double a = dx * dx + dz * dz;
        if (a > 1e-12) {
            double b = ox * dx + oz * dz;
            double c = ox * ox + oz * oz - r * r;
            double disc = b * b - a * c;
            if (disc >= 0) {
                double root = Math.sqrt(disc);
                for (double t : new double[] {(-b - root) / a, (-b + root) / a}) {
                    double y = oy + t * dy;
                    if (t > EPSILON && y >= 0 && y <= h) {
                        best = Math.min(best, t);
                        break;
                    }
                }
            }
        }
        if (Math.abs(dy) > 1e-12) {
            double t = (h - oy) / dy;
            double x = ox + t * dx;
            double z = oz + t * dz;
            if (t > EPSILON && x * x + z * z <= r * r) {
                best = Math.min(best, t);
            }
        }
        return best;
    }

    /** Upright cone with base radius r on y = 0 and apex at y = 2r on the y axis. */
    private static double cone(double ox, double oy, double oz, double dx, double dy, double dz, double r) {
        double h = 2 * r;
        double k2 = (r / h) * (r / h);
        double hy = h - oy;
        double a = dx * dx + dz * dz - k2 * dy * dy;
        double b = 2 * (ox * dx + oz * dz + k2 * hy * dy);
        double c = ox * ox + oz * oz - k2 * hy * hy;
        double[] roots;
        if (Math.abs(a) < 1e-12) {
            if (Math.abs(b) < 1e-12) {
                return MISS;
            }
            roots = new double[] {-c / b};
        } else {
            double disc = b * b - 4 * a * c;
            if (disc < 0) {
                return MISS;
            }
            double root = Math.sqrt(disc);
            double t1 = (-b - root) / (2 * a);
            double t2 = (-b + root) / (2 * a);
            roots = new double[] {Math.min(t1, t2), Math.max(t1, t2)};
        }
        for (double t : roots) {
            double y = oy + t * dy;
            if (t > EPSILON && y >= 0 && y <= h) {
                return t;
            }
        }
        return MISS;
    }

    private static void set(double[] out, double x, double y, double z) {
        out[0] = x;
        out[1] = y;
        out[2] = z;
    }
}
