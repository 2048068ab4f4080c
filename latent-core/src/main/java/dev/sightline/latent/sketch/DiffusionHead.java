package dev.sightline.latent.sketch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.SketchConfig;
import dev.sightline.latent.text.Ops;
import dev.sightline.latent.text.TorchThreads;
import java.util.SplittableRandom;

/**
 * The in-process sketch decoder: a MAR-style diffusion head. Each of the M latents is denoised by
 * residual MLP blocks whose LayerNorms are modulated (adaLN: shift, scale, gate) by the timestep
 * embedding plus the projected conditioning hidden state plus a learned per-latent position, so the M
 * latents of one sketch differ. Sampling is DDIM with {@code num_inference_steps} denoiser calls.
 *
 * <p>Uses the bundle's {@code sketch_head.*} weights (the bundle owns them); requests are batched as rows
 * {@code [B * M, d]}. Thread-confined.
 */
public final class DiffusionHead implements SketchDecoder {
    private final ModelBundle bundle;
    private final SketchConfig config;
    private final int dim;
    private final NDManager manager;
    private final NDArray ones; // [w]
    private final NDArray zeros; // [w]
    private final DdimSampler sampler;

    public DiffusionHead(ModelBundle bundle) {
        this.bundle = bundle;
        this.config = bundle.config().sketch();
        if (config == null) {
            throw new IllegalStateException(bundle.directory() + ": config.json has no sketch_config");
        }
        this.dim = bundle.config().hiddenSize();
        this.manager = bundle.manager().newSubManager();
        this.ones = manager.ones(new Shape(config.hiddenSize()));
        this.zeros = manager.zeros(new Shape(config.hiddenSize()));
        this.sampler = new DdimSampler(config.numTrainTimesteps(), config.numInferenceSteps());
    }

    @Override
    public int numLatents() {
        return config.numLatents();
    }

    public DdimSampler sampler() {
        return sampler;
    }

    @Override
    public float[][] sample(float[][] conditions, long[] seeds) {
        int b = conditions.length;
        int m = config.numLatents();
        float[] cond = new float[b * dim];
        float[] noise = new float[b * m * dim];
        for (int i = 0; i < b; i++) {
            System.arraycopy(conditions[i], 0, cond, i * dim, dim);
            SplittableRandom rng = new SplittableRandom(seeds[i]);
            for (int j = 0; j < m * dim; j++) {
                noise[i * m * dim + j] = (float) rng.nextGaussian();
            }
        }
        TorchThreads.forRows((long) b * m);
        try (NDScope ignored = new NDScope()) {
            NDArray c = conditioning(manager.create(cond, new Shape(b, dim)));
            NDArray x = sampler.sample(
                    manager.create(noise, new Shape((long) b * m, dim)), (noisy, t) -> predictNoise(noisy, t, c));
            float[] flat = x.toFloatArray();
            float[][] out = new float[b][m * dim];
            for (int i = 0; i < b; i++) {
                System.arraycopy(flat, i * m * dim, out[i], 0, m * dim);
            }
            return out;
        }
    }

    /** Conditioning rows {@code [B*M, w]}: projected hidden state plus per-latent position. */
    public NDArray conditioning(NDArray hidden) {
        long b = hidden.getShape().get(0);
        int w = config.hiddenSize();
        NDArray c =
                Ops.linear(hidden, w("cond_proj.weight"), w("cond_proj.bias")).reshape(b, 1, w);
        return c.add(w("latent_pos")).reshape(b * config.numLatents(), w);
    }

    /** epsilon-prediction for {@code noisy [R, d]} at {@code timestep} given conditioning rows {@code [R, w]}. */
    public NDArray predictNoise(NDArray noisy, int timestep, NDArray conditioning) {
        int w = config.hiddenSize();
        NDArray temb = timestepEmbedding(noisy.getManager(), timestep, w);
        temb = Ops.linear(
                Ops.silu(Ops.linear(temb, w("time_mlp.fc1.weight"), w("time_mlp.fc1.bias"))),
                w("time_mlp.fc2.weight"),
                w("time_mlp.fc2.bias"));
        NDArray cvec = Ops.silu(conditioning.add(temb)); // [R, w]
        NDArray h = Ops.linear(noisy, w("input_proj.weight"), w("input_proj.bias"));
        for (int i = 0; i < config.numBlocks(); i++) {
            String p = "blocks." + i + ".";
            NDArray mod = Ops.linear(cvec, w(p + "adaln.weight"), w(p + "adaln.bias"));
            NDArray shift = mod.get(new NDIndex().addAllDim().addSliceDim(0, w));
            NDArray scale = mod.get(new NDIndex().addAllDim().addSliceDim(w, 2L * w));
            NDArray gate = mod.get(new NDIndex().addAllDim().addSliceDim(2L * w, 3L * w));
            NDArray hn = Ops.layerNorm(h, ones, zeros, 1e-6).mul(scale.add(1f)).add(shift);
            NDArray mlp = Ops.linear(
                    Ops.silu(Ops.linear(hn, w(p + "mlp.fc1.weight"), w(p + "mlp.fc1.bias"))),
                    w(p + "mlp.fc2.weight"),
                    w(p + "mlp.fc2.bias"));
            h = h.add(gate.mul(mlp));
        }
        NDArray fin = Ops.linear(cvec, w("final_adaln.weight"), w("final_adaln.bias"));
        NDArray shift = fin.get(new NDIndex().addAllDim().addSliceDim(0, w));
        NDArray scale = fin.get(new NDIndex().addAllDim().addSliceDim(w, 2L * w));
        h = Ops.layerNorm(h, ones, zeros, 1e-6).mul(scale.add(1f)).add(shift);
        return Ops.linear(h, w("out_proj.weight"), w("out_proj.bias"));
    }

    /** Sinusoidal embedding of a timestep, {@code [1, w]}. */
    static NDArray timestepEmbedding(NDManager m, int timestep, int w) {
        float[] e = new float[w];
        int half = w / 2;
        for (int i = 0; i < half; i++) {
            double freq = Math.exp(-Math.log(10000.0) * i / half);
            e[i] = (float) Math.cos(timestep * freq);
            e[i + half] = (float) Math.sin(timestep * freq);
        }
        return m.create(e, new Shape(1, w));
    }

    private NDArray w(String suffix) {
        return bundle.weight("sketch_head." + suffix);
    }

    @Override
    public void close() {
        manager.close();
    }
}
