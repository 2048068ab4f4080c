package dev.sightline.trainer.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.text.Ops;
import dev.sightline.trainer.optim.Initializers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * VaLR's representation alignment: the K latents' hidden states at the alignment layer, laid out on a
 * {@code sqrt(K) x sqrt(K)} grid, are upsampled (bilinear) to the teacher's patch grid, projected by an MLP
 * psi per teacher ({@code d -> d -> teacherDim}, SiLU) and pulled towards the frozen teacher's patch
 * features by patch-wise cosine similarity. The loss is {@code 1 - mean cosine}, averaged over teachers.
 *
 * <p>Owns psi's parameters (names {@code align.<teacher>.fc1.weight} ...) in its own manager; they are
 * trained, not shipped: inference never runs psi.
 */
public final class AlignmentProjectors implements AutoCloseable {
    /** The checkpoint file psi's parameters travel in. */
    public static final String FILE = "align.safetensors";

    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final Map<String, Integer> teacherDims;

    public AlignmentProjectors(NDManager parent, int hidden, Map<String, Integer> teacherDims, long seed) {
        this.manager = parent.newSubManager();
        this.teacherDims = teacherDims;
        teacherDims.forEach((teacher, dim) -> {
            String p = "align." + teacher + ".";
            params.put(p + "fc1.weight", normal(new Shape(hidden, hidden), seed, p + "fc1.weight"));
            params.put(p + "fc1.bias", manager.zeros(new Shape(hidden)));
            params.put(p + "fc2.weight", normal(new Shape(dim, hidden), seed, p + "fc2.weight"));
            params.put(p + "fc2.bias", manager.zeros(new Shape(dim)));
        });
    }

    private NDArray normal(Shape shape, long seed, String name) {
        return Initializers.normal(manager, shape, 0.02, seed ^ name.hashCode());
    }

    /** psi's parameters by name (the optimizer's fast group). */
    public Map<String, NDArray> parameters() {
        return params;
    }

    /**
     * The losses of R segments with the same K at once (a padded batch's rows): one upsampling product and one
     * MLP pass per teacher instead of R.
     *
     * @param latents each segment's latents at the alignment layer, {@code [R, K, d]}
     * @param teachers each segment's per-patch features by teacher, {@code [P][dim]} with {@code P} a square
     * @return each segment's loss, {@code [R]}, in the caller's scope
     */
    public NDArray loss(NDArray latents, List<Map<String, float[][]>> teachers) {
        NDManager m = latents.getManager();
        NDList perTeacher = new NDList();
        int rows = (int) latents.getShape().get(0);
        int k = (int) latents.getShape().get(1);
        if (teachers.size() != rows) {
            throw new IllegalArgumentException(rows + " segments but teacher features for " + teachers.size());
        }
        for (var entry : teacherDims.entrySet()) {
            int dim = entry.getValue();
            float[] targets = null;
            int patches = 0;
            for (int r = 0; r < rows; r++) {
                float[][] feats = teachers.get(r).get(entry.getKey());
                if (feats == null) {
                    throw new IllegalArgumentException("sample lacks teacher features \"" + entry.getKey() + "\"");
                }
                if (targets == null) {
                    patches = feats.length;
                    targets = new float[rows * patches * dim];
                } else if (feats.length != patches) {
                    throw new IllegalArgumentException("teacher \"" + entry.getKey() + "\" has " + feats.length
                            + " patches in one sample and " + patches + " in another");
                }
                for (int i = 0; i < patches; i++) {
                    System.arraycopy(feats[i], 0, targets, (r * patches + i) * dim, dim);
                }
            }
            NDArray up =
                    m.create(upsampling(k, patches), new Shape(1, patches, k)).matMul(latents); // [R, P, d]
            String p = "align." + entry.getKey() + ".";
            NDArray projected = Ops.linear(
                    Ops.silu(Ops.linear(up, params.get(p + "fc1.weight"), params.get(p + "fc1.bias"))),
                    params.get(p + "fc2.weight"),
                    params.get(p + "fc2.bias")); // [R, P, dim]
            NDArray target = m.create(targets, new Shape(rows, patches, dim));
            NDArray cos = unit(projected).mul(unit(target)).sum(new int[] {2}); // [R, P]
            perTeacher.add(cos.mean(new int[] {1}).neg().add(1f));
        }
        return ai.djl.ndarray.NDArrays.stack(perTeacher).mean(new int[] {0});
    }

    /** Rows scaled to unit length along the last axis. */
    private static NDArray unit(NDArray x) {
        return x.div(x.norm(new int[] {x.getShape().dimension() - 1}, true).add(1e-6f));
    }

    /**
     * Bilinear weights (half-pixel centres, as align_corners=False) from a {@code s x s} grid of the first
     * {@code s^2} latents ({@code s = floor(sqrt(K))}) to a {@code q x q} patch grid: {@code [P, K]}.
     */
    static float[] upsampling(int k, int patches) {
        int s = (int) Math.floor(Math.sqrt(k));
        int q = (int) Math.round(Math.sqrt(patches));
        if (s < 1 || q * q != patches) {
            throw new IllegalArgumentException("need K >= 1 and a square patch count, got K=" + k + ", P=" + patches);
        }
        float[] w = new float[patches * k];
        for (int py = 0; py < q; py++) {
            for (int px = 0; px < q; px++) {
                double sy = Math.min(Math.max((py + 0.5) * s / q - 0.5, 0), s - 1);
                double sx = Math.min(Math.max((px + 0.5) * s / q - 0.5, 0), s - 1);
                int y0 = (int) Math.floor(sy);
                int x0 = (int) Math.floor(sx);
                int y1 = Math.min(y0 + 1, s - 1);
                int x1 = Math.min(x0 + 1, s - 1);
                double fy = sy - y0;
                double fx = sx - x0;
                int row = (py * q + px) * k;
                w[row + y0 * s + x0] += (float) ((1 - fy) * (1 - fx));
                w[row + y0 * s + x1] += (float) ((1 - fy) * fx);
                w[row + y1 * s + x0] += (float) (fy * (1 - fx));
                w[row + y1 * s + x1] += (float) (fy * fx);
            }
        }
        return w;
    }

    @Override
    public void close() {
        manager.close();
    }
}
