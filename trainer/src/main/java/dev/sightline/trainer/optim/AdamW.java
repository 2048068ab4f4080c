package dev.sightline.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter): Adam moments with weight decay decoupled from the gradient, applied in
 * place to the parameters outside any gradient recording. Parameter groups carry their own learning-rate
 * multiplier (VaLR trains the projectors psi faster than the backbone).
 *
 * <p>Owns its moment tensors in its own manager; {@link #close()} frees them. Gradients are read from the
 * parameters and zeroed after each step.
 */
public final class AdamW implements AutoCloseable {
    /** Parameters updated together: names, arrays, a learning-rate multiplier and whether to decay them. */
    public record Group(String name, Map<String, NDArray> params, double lrScale, boolean decay) {}

    private final NDManager manager;
    private final List<Group> groups;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    /** Gradients of the samples kept so far in this batch ({@link #keepGradients}); allocated on first use. */
    private final Map<String, NDArray> kept = new LinkedHashMap<>();

    private long step;
    /** The last {@link #state()}'s step count, kept alive until the checkpoint is written. */
    private NDArray stepArray;

    private static final String STEP = "step";

    public AdamW(NDManager parent, List<Group> groups, double beta1, double beta2, double epsilon, double weightDecay) {
        this.manager = parent.newSubManager();
        this.groups = groups;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        for (Group g : groups) {
            g.params().forEach((name, p) -> {
                p.setRequiresGradient(true);
                m.put(name, manager.zeros(p.getShape()));
                v.put(name, manager.zeros(p.getShape()));
            });
        }
    }

    /** Steps taken so far (restored by {@link #restore}). */
    public long stepCount() {
        return step;
    }

    /**
     * Global L2 norm of all gradients; when above {@code maxNorm} (> 0) the gradients are scaled down to it.
     *
     * @return the norm before clipping
     */
    public double clipGradients(double maxNorm) {
        // Every temporary (the gradient handles, their squares) dies with the scope: this runs every step.
        try (NDScope ignored = new NDScope()) {
            double norm = gradientNorm();
            if (maxNorm > 0 && Double.isFinite(norm) && norm > maxNorm) {
                float scale = (float) (maxNorm / (norm + 1e-6));
                for (Group g : groups) {
                    for (NDArray p : g.params().values()) {
                        p.getGradient().muli(scale);
                    }
                }
            }
            return norm;
        }
    }

    /** Global L2 norm of the gradients as they are now, read to the host with one synchronization. */
    public double gradientNorm() {
        try (NDScope ignored = new NDScope()) {
            NDArray sq = null;
            for (Group g : groups) {
                for (NDArray p : g.params().values()) {
                    NDArray s = p.getGradient().square().sum();
                    sq = sq == null ? s : sq.add(s);
                }
            }
            return sq == null ? 0 : Math.sqrt(sq.getFloat());
        }
    }

    /**
     * Adds the current gradients (one sample's, screened by the caller) to the batch's kept sum and zeroes them,
     * so that the next sample's gradient can be judged on its own.
     */
    public void keepGradients() {
        if (kept.isEmpty()) {
            // Allocated once, on first use: stage 1 never screens samples and needs no third copy of the weights.
            // The caller is inside a sample's scope, which must not close the sums with the sample's temporaries.
            for (Group g : groups) {
                g.params().forEach((name, p) -> {
                    NDArray sum = manager.zeros(p.getShape());
                    NDScope.unregister(sum);
                    kept.put(name, sum);
                });
            }
        }
        try (NDScope ignored = new NDScope()) {
            for (Group g : groups) {
                g.params().forEach((name, p) -> {
                    NDArray grad = p.getGradient();
                    kept.get(name).addi(grad);
                    zero(grad);
                });
            }
        }
    }

    /** Puts the kept sum, times {@code scale}, back as the gradients and empties it, ready for the next batch. */
    public void restoreKept(float scale) {
        try (NDScope ignored = new NDScope()) {
            for (Group g : groups) {
                g.params().forEach((name, p) -> {
                    NDArray sum = kept.get(name);
                    if (sum == null) {
                        zero(p.getGradient());
                    } else {
                        p.getGradient().set(new NDIndex("..."), sum.mul(scale));
                        zero(sum);
                    }
                });
            }
        }
    }

    /** Zeroes in place; not {@code muli(0)}, since 0 * NaN would stay NaN. */
    private static void zero(NDArray a) {
        a.set(new NDIndex("..."), 0f);
    }

    /** One update with base learning rate {@code lr}; zeroes the gradients afterwards. */
    public void step(double lr) {
        step++;
        double bias1 = 1 - Math.pow(beta1, step);
        double bias2 = 1 - Math.pow(beta2, step);
        for (Group g : groups) {
            double groupLr = lr * g.lrScale();
            g.params().forEach((name, p) -> {
                // Temporaries die with the scope; the moments and the parameter change in place.
                try (NDScope ignored = new NDScope();
                        NDArray grad = p.getGradient()) {
                    NDArray mt = m.get(name);
                    NDArray vt = v.get(name);
                    mt.muli((float) beta1).addi(grad.mul((float) (1 - beta1)));
                    vt.muli((float) beta2).addi(grad.square().mul((float) (1 - beta2)));
                    NDArray update = mt.div((float) bias1)
                            .div(vt.div((float) bias2).sqrt().add((float) epsilon));
                    if (g.decay() && weightDecay > 0) {
                        p.muli((float) (1 - groupLr * weightDecay));
                    }
                    p.subi(update.mul((float) groupLr));
                    zero(grad);
                }
            });
        }
    }

    /** Drops the accumulated gradients without updating (a step whose gradient was not finite). */
    public void zeroGradients() {
        try (NDScope ignored = new NDScope()) {
            for (Group g : groups) {
                for (NDArray p : g.params().values()) {
                    zero(p.getGradient());
                }
            }
        }
    }

    /**
     * Moments and the count of applied steps ({@code step}, a scalar), by name, for a checkpoint. The count is
     * saved because it is not the run's step: skipped updates do not advance it, and Adam's bias correction
     * reads it.
     */
    public Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        m.forEach((k, a) -> state.put("m." + k, a));
        v.forEach((k, a) -> state.put("v." + k, a));
        if (stepArray != null) {
            stepArray.close();
        }
        stepArray = manager.create(new long[] {step});
        state.put(STEP, stepArray);
        return state;
    }

    /**
     * Restores {@link #state()} saved earlier; {@code steps} is the applied-step count to assume when the state
     * predates the saved count.
     */
    public void restore(Map<String, NDArray> state, long steps) {
        m.forEach((k, a) -> a.set(new NDIndex("..."), require(state, "m." + k)));
        v.forEach((k, a) -> a.set(new NDIndex("..."), require(state, "v." + k)));
        NDArray saved = state.get(STEP);
        // read back as float32 (Safetensors.read converts), exact for any count below 2^24
        this.step = saved == null ? steps : Math.round(saved.toFloatArray()[0]);
    }

    private static NDArray require(Map<String, NDArray> state, String name) {
        NDArray a = state.get(name);
        if (a == null) {
            throw new IllegalArgumentException("optimizer state lacks " + name);
        }
        return a;
    }

    @Override
    public void close() {
        manager.close();
    }
}
