package dev.sightline.latent.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.ModelConfig;
import dev.sightline.latent.bundle.TensorLayout;

/**
 * The Qwen2 decoder (RMSNorm, RoPE, grouped-query attention, SwiGLU) as a step function on embeddings:
 * {@code hidden[B,T,d] = forward(inputsEmbeds[B,T,d], cache, slots, starts)}. Text tokens, latent steps
 * and sketch latents are all just input rows, which is what lets one batch mix sessions in different
 * modes.
 *
 * <p>The returned hidden states are after the final norm (Hugging Face's {@code hidden_states[-1]}): the
 * vector a latent step feeds back and the one {@link #logits} projects.
 *
 * <p>Holds fused copies of the bundle's weights ({@code q,k,v} and {@code gate,up} concatenated) in its
 * own manager; {@link #close()} frees them. Not thread-safe.
 */
public final class LanguageModel implements AutoCloseable {
    private final ModelConfig config;
    private final NDManager manager;
    private final NDArray embedTokens; // [V, d]
    private final NDArray lmHead; // [V, d]
    private final NDArray finalNorm; // [d]
    private final Layer[] layers;
    private final NDArray eps; // 0-d
    private final double[] invFreq; // [hd/2]

    /** One decoder block; the RMSNorm weights are folded into the projections that follow them. */
    private record Layer(NDArray qkvW, NDArray qkvB, NDArray oW, NDArray gateUpW, NDArray downW) {}

    public LanguageModel(ModelBundle bundle) {
        this.config = bundle.config();
        this.manager = bundle.manager().newSubManager();
        ModelConfig c = config;
        this.embedTokens = bundle.weight(TensorLayout.EMBED_TOKENS);
        this.lmHead = c.tieWordEmbeddings() ? embedTokens : bundle.weight(TensorLayout.LM_HEAD);
        this.finalNorm = bundle.weight(TensorLayout.FINAL_NORM);
        this.layers = new Layer[c.numHiddenLayers()];
        for (int i = 0; i < layers.length; i++) {
            NDArray qkv =
                    fuse(bundle, i, "self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight");
            NDArray gateUp = fuse(bundle, i, "mlp.gate_proj.weight", "mlp.up_proj.weight");
            layers[i] = new Layer(
                    scaleQueries(foldNorm(qkv, bundle.weight(TensorLayout.layer(i, "input_layernorm.weight")))),
                    scaleQueries(
                            fuse(bundle, i, "self_attn.q_proj.bias", "self_attn.k_proj.bias", "self_attn.v_proj.bias")),
                    bundle.weight(TensorLayout.layer(i, "self_attn.o_proj.weight")),
                    foldNorm(gateUp, bundle.weight(TensorLayout.layer(i, "post_attention_layernorm.weight"))),
                    bundle.weight(TensorLayout.layer(i, "mlp.down_proj.weight")));
        }
        this.eps = manager.create((float) c.rmsNormEps());
        int hd = c.headDim();
        this.invFreq = new double[hd / 2];
        for (int i = 0; i < hd / 2; i++) {
            // Hugging Face computes inv_freq in float32; round the same way.
            invFreq[i] = (float) (1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / hd));
        }
    }

    /**
     * Folds attention's {@code 1/sqrt(head_dim)} into the query rows of the fused q|k|v projection: RoPE
     * is linear, so scaling q before it equals scaling the scores after, and a decode step saves an op
     * per layer.
     */
    private NDArray scaleQueries(NDArray fused) {
        int qRows = config.numAttentionHeads() * config.headDim();
        long rows = fused.getShape().get(0);
        float[] factors = new float[(int) rows];
        java.util.Arrays.fill(factors, 0, qRows, (float) (1.0 / Math.sqrt(config.headDim())));
        java.util.Arrays.fill(factors, qRows, factors.length, 1f);
        Shape shape = fused.getShape().dimension() == 2 ? new Shape(rows, 1) : new Shape(rows);
        try (NDArray f = manager.create(factors, shape)) {
            NDArray scaled = fused.mul(f);
            scaled.attach(manager);
            fused.close();
            return scaled;
        }
    }

    /**
     * {@code linear(norm(x) * w, W) == linear(norm(x), W * w)}: folding an RMSNorm weight into the columns
     * of the projection after it saves one op per norm per step.
     */
    private NDArray foldNorm(NDArray weight, NDArray normWeight) {
        NDArray folded = weight.mul(normWeight);
        folded.attach(manager);
        weight.close();
        return folded;
    }

    private NDArray fuse(ModelBundle bundle, int layer, String... names) {
        NDList parts = new NDList();
        for (String n : names) {
            parts.add(bundle.weight(TensorLayout.layer(layer, n)));
        }
        NDArray fused = NDArrays.concat(parts, 0);
        fused.attach(manager);
        return fused;
    }

    public ModelConfig config() {
        return config;
    }

    /** A cache shaped for this model. */
    public KvCache newCache(int maxLen, int initialSlots) {
        return new KvCache(
                manager, config.numHiddenLayers(), config.numKeyValueHeads(), config.headDim(), maxLen, initialSlots);
    }

    /** Input embeddings of token ids, {@code [n, d]}. */
    public NDArray embed(NDArray ids) {
        return embedTokens.get(new NDIndex("{}", ids));
    }

    /** {@code [V, d]} input embedding matrix (owned by the bundle). */
    public NDArray embedTokens() {
        return embedTokens;
    }

    /** {@code [V, d]} output projection (the embedding matrix when tied). */
    public NDArray lmHead() {
        return lmHead;
    }

    /** {@code logits[B, V] = hidden[B, d] @ lm_head^T}. */
    public NDArray logits(NDArray hidden) {
        return Ops.linear(hidden, lmHead, null);
    }

    /**
     * Runs {@code T} new positions for each of {@code B} sessions and writes their keys and values.
     *
     * @param inputsEmbeds {@code [B, T, d]}
     * @param slots cache slot of each row, ascending; {@code [B]}
     * @param starts position of each row's first new token (its current length); {@code [B]}
     * @return hidden states after the final norm, {@code [B, T, d]}, in the caller's scope
     */
    public NDArray forward(NDArray inputsEmbeds, KvCache cache, int[] slots, int[] starts) {
        ModelConfig c = config;
        int b = slots.length;
        int t = (int) inputsEmbeds.getShape().get(1);
        int heads = c.numAttentionHeads();
        int kvHeads = c.numKeyValueHeads();
        int g = c.queriesPerKeyValue();
        int hd = c.headDim();
        int maxLen = cache.maxLen();
        int len = 0;
        for (int i = 0; i < b; i++) {
            if (starts[i] + t > maxLen) {
                throw new IllegalStateException(
                        "session in slot " + slots[i] + " would exceed the context of " + maxLen + " positions");
            }
            len = Math.max(len, starts[i] + t);
        }
        TorchThreads.forRows((long) b * t);
        NDManager m = inputsEmbeds.getManager();
        NDArray rope = rotations(m, starts, b, t);
        NDArray rows = m.create(cacheRows(slots, starts, t, kvHeads, maxLen));
        NDArray mask = m.create(attentionMask(starts, b, t, g, len), new Shape(b, 1, (long) t * g, len));
        boolean prefix = isPrefix(slots);
        NDArray slotIdx = prefix ? null : m.create(slots);

        NDArray x = inputsEmbeds;
        for (int li = 0; li < layers.length; li++) {
            Layer layer = layers[li];
            NDArray h = Ops.rmsNormalize(x, eps);
            NDArray qkv = Ops.linear(h, layer.qkvW, layer.qkvB).reshape(b, t, heads + 2L * kvHeads, hd);
            NDList qkAndV = qkv.split(new long[] {heads + kvHeads}, 2);
            NDArray qk = qkAndV.get(0);
            NDArray v = qkAndV.get(1);
            qk = qk.matMul(rope); // RoPE on every query and key head in one batched product
            NDList qAndK = qk.split(new long[] {heads}, 2);
            NDArray q = qAndK.get(0);
            NDArray k = qAndK.get(1);

            // New keys/values as rows (b, g, t) of the head-major cache, written in place.
            cache.keys(li).set(new NDIndex("{}", rows), headMajorRows(k, b, t, kvHeads, hd));
            cache.values(li).set(new NDIndex("{}", rows), headMajorRows(v, b, t, kvHeads, hd));
            NDArray keys = window(cache.keysBySlot(li), b, len, slotIdx); // [B, G, L, hd]
            NDArray vals = window(cache.valuesBySlot(li), b, len, slotIdx);

            // [B,T,H,hd] -> [B,G,T*g,hd]: query head h reads key/value head h / g (Hugging Face's repeat_kv).
            NDArray qg = t == 1
                    ? q.reshape(b, kvHeads, g, hd) // a decode step needs no transpose
                    : q.reshape(b, t, kvHeads, g, hd).transpose(0, 2, 1, 3, 4).reshape(b, kvHeads, (long) t * g, hd);
            // keys^T is a strided view BLAS reads as a transposed matrix: no copy of the window.
            NDArray scores = qg.matMul(keys.transpose(0, 1, 3, 2)).add(mask); // [B,G,T*g,L]; q is pre-scaled
            NDArray attn = scores.softmax(-1).matMul(vals); // [B,G,T*g,hd]
            attn = t == 1
                    ? attn.reshape(b, 1, (long) heads * hd)
                    : attn.reshape(b, kvHeads, t, g, hd)
                            .transpose(0, 2, 1, 3, 4)
                            .reshape(b, t, (long) heads * hd);
            x = x.add(Ops.linear(attn, layer.oW, null));

            NDArray h2 = Ops.rmsNormalize(x, eps);
            NDArray gateUp = Ops.linear(h2, layer.gateUpW, null);
            long ff = c.intermediateSize();
            NDList gateAndUp = gateUp.split(new long[] {ff}, 2);
            NDArray gate = gateAndUp.get(0);
            NDArray up = gateAndUp.get(1);
            x = x.add(Ops.linear(Ops.silu(gate).mul(up), layer.downW, null));
        }
        return Ops.rmsNorm(x, finalNorm, eps);
    }

    private static boolean isPrefix(int[] slots) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** Keys or values of the batch's sessions for positions {@code [0, len)}, {@code [B, G, L, hd]}. */
    private static NDArray window(NDArray bySlot, int b, int len, NDArray slotIdx) {
        if (slotIdx == null) {
            return bySlot.get(new NDIndex().addSliceDim(0, b).addAllDim().addSliceDim(0, len));
        }
        return bySlot.get(new NDIndex().addAllDim(2).addSliceDim(0, len)).get(new NDIndex("{}", slotIdx));
    }

    /** {@code [B, T, G, hd]} → rows ordered (b, g, t), {@code [B*G*T, hd]}. */
    private static NDArray headMajorRows(NDArray x, int b, int t, int kvHeads, int hd) {
        NDArray byHead = t == 1 ? x : x.transpose(0, 2, 1, 3);
        return byHead.reshape((long) b * kvHeads * t, hd);
    }

    /** Cache rows of the new positions, in (b, g, t) order: {@code ((slot * G + g) * maxLen + start + t)}. */
    private static long[] cacheRows(int[] slots, int[] starts, int t, int kvHeads, int maxLen) {
        long[] rows = new long[slots.length * kvHeads * t];
        int r = 0;
        for (int i = 0; i < slots.length; i++) {
            for (int g = 0; g < kvHeads; g++) {
                long base = ((long) slots[i] * kvHeads + g) * maxLen + starts[i];
                for (int j = 0; j < t; j++) {
                    rows[r++] = base + j;
                }
            }
        }
        return rows;
    }

    /** Additive causal mask, {@code [B, 1, T*g, L]}: row {@code tt*g + j} sees positions {@code <= start+tt}. */
    private static float[] attentionMask(int[] starts, int b, int t, int g, int len) {
        float[] mask = new float[b * t * g * len];
        for (int i = 0; i < b; i++) {
            for (int tt = 0; tt < t; tt++) {
                int visible = starts[i] + tt + 1;
                for (int j = 0; j < g; j++) {
                    int base = ((i * t + tt) * g + j) * len;
                    java.util.Arrays.fill(mask, base + visible, base + len, Float.NEGATIVE_INFINITY);
                }
            }
        }
        return mask;
    }

    /**
     * RoPE as one rotation matrix per new position, {@code [B, T, hd, hd]}, so that {@code x @ M} equals
     * Hugging Face's {@code x * cos + rotate_half(x) * sin}: one batched product per layer instead of four
     * element-wise ops. {@code out[j] = x[j] cos - x[j+h] sin}, {@code out[j+h] = x[j+h] cos + x[j] sin}.
     */
    private NDArray rotations(NDManager m, int[] starts, int b, int t) {
        int hd = config.headDim();
        int h = hd / 2;
        float[] rot = new float[b * t * hd * hd];
        for (int i = 0; i < b; i++) {
            for (int tt = 0; tt < t; tt++) {
                int base = (i * t + tt) * hd * hd;
                float pos = starts[i] + tt;
                for (int f = 0; f < h; f++) {
                    float angle = pos * (float) invFreq[f];
                    float cv = (float) Math.cos(angle);
                    float sv = (float) Math.sin(angle);
                    rot[base + f * hd + f] = cv;
                    rot[base + (f + h) * hd + f] = -sv;
                    rot[base + (f + h) * hd + f + h] = cv;
                    rot[base + f * hd + f + h] = sv;
                }
            }
        }
        return m.create(rot, new Shape(b, t, hd, hd));
    }

    @Override
    public void close() {
        manager.close();
    }
}
