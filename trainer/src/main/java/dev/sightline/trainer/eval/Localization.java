package dev.sightline.trainer.eval;

import dev.sightline.spatial.scene.Table;
import dev.sightline.trainer.data.PositionMention;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How well a model locates objects: the coordinates it writes for an object ("The red cube is at x = 1.2, z =
 * -0.4", "There is a small red cube at x = ...") against the gold chain's for the same name. A model that does
 * not ground writes about the same numbers for every object, so its errors equal those of writing each axis'
 * mean and its correlation with the truth is near 0; accuracy alone hides this, since a guess among two or
 * three choices scores 33-50 %.
 *
 * <p>A grid chain's square counts as its centre, so a model that always names the right square still errs by
 * 0.25 on average; {@link #sameSquare} counts those.
 */
public final class Localization {
    private final List<double[]> pairs = new ArrayList<>(); // {written x, gold x, written z, gold z}

    /** Adds every object whose position both texts state (by the same name); the first statement of each counts. */
    public void add(String wrote, String gold) {
        Map<String, double[]> truth = positions(gold);
        positions(wrote).forEach((name, xz) -> {
            double[] g = truth.get(name);
            if (g != null) {
                pairs.add(new double[] {xz[0], g[0], xz[1], g[1]});
            }
        });
    }

    private static Map<String, double[]> positions(String text) {
        Map<String, double[]> out = new HashMap<>();
        PositionMention.stated(text).forEach(m -> out.putIfAbsent(m.name(), new double[] {m.x(), m.z()}));
        return out;
    }

    /** Objects located so far. */
    public int count() {
        return pairs.size();
    }

    /** Mean absolute error of the written coordinate, axis 0 (x) or 1 (z). */
    public double meanError(int axis) {
        return pairs.stream()
                .mapToDouble(p -> Math.abs(p[2 * axis] - p[2 * axis + 1]))
                .average()
                .orElse(Double.NaN);
    }

    /** Share of objects whose written coordinate falls in the gold one's square, axis 0 (x) or 1 (z). */
    public double sameSquare(int axis) {
        return pairs.stream()
                .mapToDouble(p -> Table.square(p[2 * axis]) == Table.square(p[2 * axis + 1]) ? 1 : 0)
                .average()
                .orElse(Double.NaN);
    }

    /** The same for a model that writes the gold mean of the axis for every object: the floor of not looking. */
    public double meanErrorOfTheMean(int axis) {
        double mean = pairs.stream().mapToDouble(p -> p[2 * axis + 1]).average().orElse(Double.NaN);
        return pairs.stream()
                .mapToDouble(p -> Math.abs(p[2 * axis + 1] - mean))
                .average()
                .orElse(Double.NaN);
    }

    /** Pearson correlation of written and gold coordinates on an axis (NaN when either is constant). */
    public double correlation(int axis) {
        int n = pairs.size();
        double mw = pairs.stream().mapToDouble(p -> p[2 * axis]).average().orElse(Double.NaN);
        double mg = pairs.stream().mapToDouble(p -> p[2 * axis + 1]).average().orElse(Double.NaN);
        double cov = 0;
        double vw = 0;
        double vg = 0;
        for (double[] p : pairs) {
            double w = p[2 * axis] - mw;
            double g = p[2 * axis + 1] - mg;
            cov += w * g;
            vw += w * w;
            vg += g * g;
        }
        return n < 2 || vw == 0 || vg == 0 ? Double.NaN : cov / Math.sqrt(vw * vg);
    }

    /** One line for stderr. */
    public String summary() {
        if (pairs.isEmpty()) {
            return "located no object the gold chain locates";
        }
        return String.format(
                Locale.ROOT,
                "located %d objects the gold chain locates: mean |error| x %.2f, z %.2f (writing each axis' mean:"
                        + " %.2f, %.2f); correlation with the truth x %.2f, z %.2f; in the right square x %.0f %%,"
                        + " z %.0f %%",
                count(),
                meanError(0),
                meanError(1),
                meanErrorOfTheMean(0),
                meanErrorOfTheMean(1),
                correlation(0),
                correlation(1),
                100 * sameSquare(0),
                100 * sameSquare(1));
    }
}
