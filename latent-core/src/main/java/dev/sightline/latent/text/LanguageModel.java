package dev.sightline.latent.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.bundle.LatentInput;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.ModelConfig;
import dev.sightline.latent.bundle.TensorLayout;
import java.util.List;

/**
 * The Qwen2 decoder (RMSNorm, RoPE, grouped-query attention, SwiGLU) as a step function on embeddings:
 * {@code hidden[B,T,d] = forward(inputsEmbeds[B,T,d], store, starts)}. Text tokens, latent steps and
 * sketch latents are all just input rows, which is what lets one batch mix sessions in different modes.
 *
 * <p>The returned hidden states are after the final norm (Hugging Face's {@code hidden_states[-1]}): the
 * vector a latent step feeds back (through {@link #latentInput}) and the one {@link #logits} projects.
 *
 * <p>For serving ({@link #LanguageModel(ModelBundle)}) it precomputes fused weights ({@code q|k|v} and
 * {@code gate|up}, RMSNorm weights folded in, queries pre-scaled) in its own manager; {@link #close()}
 * frees them. A {@link #trainable} model derives the same fused weights from the bundle's parameters
 * inside every forward, so gradients reach the parameters. Not thread-safe.
 */
public final class LanguageModel implements AutoCloseable {
    private final ModelBundle bundle;
    private final ModelConfig config;
    private final NDManager manager;
    private final boolean trainable;
    private final NDArray embedTokens; // [V, d]
    private final NDArray lmHead; // [V, d]
    private final NDArray finalNorm; // [d]
    private final Layer[] layers; // null when trainable
    private Layer[] pinned; // a trainable model's fused weights while a pin is open, else null
    private final NDArray eps; // 0-d
    /** A serving model's embedding RMS for {@link LatentInput#EMBEDDING_RMS} (0-d), else null. */
    private final NDArray servingEmbeddingRms;

    private int recordedLayer = -1; // the block whose attention weights recordAttention keeps, -1 none
    private NDList recordedAttention;
    private final double[] invFreq; // [hd/2]

    /** An open {@link #pinFusedWeights()}; closing it returns the model to deriving its weights per forward. */
    public interface Pin extends AutoCloseable {
        @Override
        void close();
    }

    /** One decoder block; the RMSNorm weights are folded into the projections that follow them. */
    private record Layer(NDArray qkvW, NDArray qkvB, NDArray oW, NDArray gateUpW, NDArray downW) {}

    /** A serving model with precomputed fused weights. */
    public LanguageModel(ModelBundle bundle) {
        this(bundle, false);
    }

    private LanguageModel(ModelBundle bundle, boolean trainable) {
        this.bundle = bundle;
        this.config = bundle.config();
        this.trainable = trainable;
        this.manager = bundle.manager().newSubManager();
        ModelConfig c = config;
        this.embedTokens = bundle.weight(TensorLayout.EMBED_TOKENS);
        this.lmHead = c.tieWordEmbeddings() ? embedTokens : bundle.weight(TensorLayout.LM_HEAD);
        this.finalNorm = bundle.weight(TensorLayout.FINAL_NORM);
        this.eps = manager.create((float) c.rmsNormEps());
        int hd = c.headDim();
        this.invFreq = new double[hd / 2];
        for (int i = 0; i < hd / 2; i++) {
            // Hugging Face computes inv_freq in float32; round the same way.
            invFreq[i] = (float) (1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / hd));
        }
        if (trainable) {
            this.layers = null;
            this.servingEmbeddingRms = null;
            return;
        }
        if (c.latentInput() == LatentInput.EMBEDDING_RMS) {
            try (NDScope ignored = new NDScope()) {
                NDArray rms = embeddingRms();
                NDScope.unregister(rms);
                rms.attach(manager);
                this.servingEmbeddingRms = rms;
            }
        } else {
            this.servingEmbeddingRms = null;
        }
        this.layers = new Layer[c.numHiddenLayers()];
        try (NDScope ignored = new NDScope()) {
            for (int i = 0; i < layers.length; i++) {
                Layer l = fuse(i);
                for (NDArray fused : List.of(l.qkvW, l.qkvB, l.gateUpW)) {
                    NDScope.unregister(fused);
                    fused.attach(manager);
                }
                layers[i] = l;
            }
        }
    }

    /**
     * A model for training: every forward derives its fused weights from the bundle's parameters, so a
     * loss computed under a gradient collector reaches {@code model.layers.*} directly.
     */
    public static LanguageModel trainable(ModelBundle bundle) {
        return new LanguageModel(bundle, true);
    }

    /**
     * Derives a {@link #trainable} model's fused weights once, now, in the caller's scope, and uses them in
     * every forward until the returned handle closes. A latent chain runs dozens of single-row forwards per
     * sample; deriving the weights in each repeated weight-sized work, and its backward, in every one. The
     * arrays stay in the caller's scope after the close, so a backward later still reaches the parameters;
     * a parameter update must not happen while a pin is open (its forwards would read the old values).
     */
    public Pin pinFusedWeights() {
        if (!trainable) {
            throw new IllegalStateException("a serving model's fused weights are fixed; only a trainable one pins");
        }
        if (pinned != null) {
            throw new IllegalStateException("fused weights are already pinned");
        }
        Layer[] fused = new Layer[config.numHiddenLayers()];
        for (int i = 0; i < fused.length; i++) {
            fused[i] = fuse(i);
        }
        pinned = fused;
        return () -> pinned = null;
    }

    /**
     * Layer {@code i}'s fused weights from the parameters, in the caller's scope. {@code linear(norm(x) * w,
     * W) == linear(norm(x), W * w)} folds each RMSNorm weight into the projection after it, and attention's
     * {@code 1/sqrt(head_dim)} is folded into the query rows (RoPE is linear, so scaling before it equals
     * scaling the scores after).
     */
    private Layer fuse(int i) {
        int qRows = config.numAttentionHeads() * config.headDim();
        int rows = qRows + 2 * config.numKeyValueHeads() * config.headDim();
        float[] factors = new float[rows];
        java.util.Arrays.fill(factors, 0, qRows, (float) (1.0 / Math.sqrt(config.headDim())));
        java.util.Arrays.fill(factors, qRows, rows, 1f);
        NDManager m = manager;
        NDArray scale = m.create(factors);
        NDArray qkvW = concat(i, "self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight")
                .mul(param(i, "input_layernorm.weight"))
                .mul(scale.reshape(rows, 1));
        NDArray qkvB = concat(i, "self_attn.q_proj.bias", "self_attn.k_proj.bias", "self_attn.v_proj.bias")
                .mul(scale);
        NDArray gateUpW = concat(i, "mlp.gate_proj.weight", "mlp.up_proj.weight")
                .mul(param(i, "post_attention_layernorm.weight"));
        return new Layer(qkvW, qkvB, param(i, "self_attn.o_proj.weight"), gateUpW, param(i, "mlp.down_proj.weight"));
    }

    private NDArray param(int layer, String name) {
        return bundle.weight(TensorLayout.layer(layer, name));
    }

    private NDArray concat(int layer, String... names) {
        NDList parts = new NDList();
        for (String n : names) {
            parts.add(param(layer, n));
        }
        return NDArrays.concat(parts, 0);
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

    /**
     * The input a latent step feeds back for the last hidden states {@code hidden [..., d]} (after the final
     * norm), as {@code config.json}'s {@code latent_input} says: the states as they are, or each rescaled to the
     * embedding matrix's RMS. The target size is read from the current embeddings, detached: a scale, not a
     * path for the latent loss to move the vocabulary.
     */
    public NDArray latentInput(NDArray hidden) {
        if (config.latentInput() == LatentInput.HIDDEN_STATE) {
            return hidden;
        }
        // a serving model's embeddings never change: their RMS is taken once, not in every decode step
        NDArray embeddingRms = servingEmbeddingRms != null ? servingEmbeddingRms : embeddingRms();
        return Ops.rmsNormalize(hidden, eps).mul(embeddingRms);
    }

    /** The embedding matrix's RMS, {@code 0-d}, detached, in the caller's scope. */
    private NDArray embeddingRms() {
        return embedTokens.stopGradient().square().mean().sqrt();
    }

    /** {@code [V, d]} output projection (the embedding matrix when tied). */
    public NDArray lmHead() {
        return lmHead;
    }

    /** {@code logits[..., V] = hidden[..., d] @ lm_head^T}. */
    public NDArray logits(NDArray hidden) {
        return Ops.linear(hidden, lmHead, null);
    }

    /**
     * Makes every later forward add block {@code layer}'s attention weights to {@code into}, {@code [B, G,
     * T*g, L]} (query head {@code h} of a row is key/value group {@code h / g}, row {@code t * g + h % g}),
     * in the forward's scope and graph, so a loss on them trains the block (the trainer's grounding loss).
     * {@code into} null stops it.
     */
    public void recordAttention(int layer, NDList into) {
        if (into != null && (layer < 0 || layer >= config.numHiddenLayers())) {
            throw new IllegalArgumentException("layer " + layer + " outside 0.." + (config.numHiddenLayers() - 1));
        }
        recordedLayer = into == null ? -1 : layer;
        recordedAttention = into;
    }

    /** {@link #forward(NDArray, KeyValueStore, int[], NDList)} on cache slots. */
    public NDArray forward(NDArray inputsEmbeds, KvCache cache, int[] slots, int[] starts) {
        return forward(inputsEmbeds, cache.slots(slots), starts, null);
    }

    /**
     * {@link #forward(NDArray, KvCache, int[], int[])} whose row {@code b}'s first new token takes rotary position
     * {@code positions[b]} rather than its storage position {@code starts[b]} ({@link
     * dev.sightline.latent.bundle.LatentPositions}), and whose new keys in row {@code b} get the score bias {@code
     * newKeyBias[b]} from every query that reads them ({@link dev.sightline.latent.bundle.LatentKeyBias}; null: none).
     */
    public NDArray forward(
            NDArray inputsEmbeds, KvCache cache, int[] slots, int[] starts, int[] positions, float[] newKeyBias) {
        return forward(inputsEmbeds, cache.slots(slots, newKeyBias), starts, positions, null);
    }

    /**
     * Runs {@code T} new positions for each of {@code B} rows and stores their keys and values.
     *
     * @param inputsEmbeds {@code [B, T, d]}
     * @param starts position of each row's first new token (its current length); {@code [B]}
     * @param layerOutputs when not null, receives each block's output {@code [B, T, d]} (the residual stream,
     *     before the final norm), layer 0 first — what alignment losses read at a chosen layer
     * @return hidden states after the final norm, {@code [B, T, d]}, in the caller's scope
     */
    public NDArray forward(NDArray inputsEmbeds, KeyValueStore store, int[] starts, NDList layerOutputs) {
        return forward(inputsEmbeds, store, starts, starts, layerOutputs);
    }

    private NDArray forward(
            NDArray inputsEmbeds, KeyValueStore store, int[] starts, int[] firstPositions, NDList layerOutputs) {
        int b = starts.length;
        int t = (int) inputsEmbeds.getShape().get(1);
        int g = config.queriesPerKeyValue();
        int len = 0;
        for (int start : starts) {
            len = Math.max(len, start + t);
        }
        NDManager m = inputsEmbeds.getManager();
        store.begin(m, starts, t);
        int[][] positions = new int[b][t];
        for (int i = 0; i < b; i++) {
            for (int tt = 0; tt < t; tt++) {
                positions[i][tt] = firstPositions[i] + tt;
            }
        }
        NDArray rope = rotations(m, positions);
        float[] visible = attentionMask(starts, b, t, g, len);
        store.addKeyBias(visible, t * g, len);
        NDArray mask = m.create(visible, new Shape(b, 1, (long) t * g, len));
        return forward(inputsEmbeds, store, rope, mask, layerOutputs);
    }

    /**
     * Runs one forward of rows that advance together in {@code store} though their own lengths differ: row
     * {@code b}'s first {@code counts[b]} inputs are its tokens, the rest padding (see {@link PaddedRows}).
     * Each row's tokens get the positions of an unpadded sequence and attend only to its own tokens.
     *
     * @param inputsEmbeds {@code [B, T, d]}, T at least every count
     * @return hidden states after the final norm, {@code [B, T, d]}; a padding input's row is garbage
     */
    public NDArray forward(
            NDArray inputsEmbeds, GrowingKeyValues store, PaddedRows rows, int[] counts, NDList layerOutputs) {
        return forward(inputsEmbeds, store, rows, counts, null, layerOutputs);
    }

    /**
     * {@link #forward(NDArray, GrowingKeyValues, PaddedRows, int[], NDList)} whose new keys in row {@code b} get
     * the score bias {@code newKeyBias[b]} from every later query of the row (null: none; {@link
     * dev.sightline.latent.bundle.LatentKeyBias}).
     */
    public NDArray forward(
            NDArray inputsEmbeds,
            GrowingKeyValues store,
            PaddedRows rows,
            int[] counts,
            float[] newKeyBias,
            NDList layerOutputs) {
        int t = (int) inputsEmbeds.getShape().get(1);
        NDManager m = inputsEmbeds.getManager();
        int[] starts = new int[counts.length];
        java.util.Arrays.fill(starts, store.length());
        store.begin(m, starts, t);
        NDArray rope = rotations(m, rows.positions(counts, t));
        float[] visible = rows.advance(counts, t, config.queriesPerKeyValue(), newKeyBias);
        NDArray mask =
                m.create(visible, new Shape(counts.length, 1, (long) t * config.queriesPerKeyValue(), rows.stored()));
        return forward(inputsEmbeds, store, rope, mask, layerOutputs);
    }

    private NDArray forward(
            NDArray inputsEmbeds, KeyValueStore store, NDArray rope, NDArray mask, NDList layerOutputs) {
        ModelConfig c = config;
        int b = (int) inputsEmbeds.getShape().get(0);
        int t = (int) inputsEmbeds.getShape().get(1);
        int heads = c.numAttentionHeads();
        int kvHeads = c.numKeyValueHeads();
        int g = c.queriesPerKeyValue();
        int hd = c.headDim();
        TorchThreads.forRows((long) b * t);

        NDArray x = inputsEmbeds;
        for (int li = 0; li < c.numHiddenLayers(); li++) {
            Layer layer = !trainable ? layers[li] : pinned != null ? pinned[li] : fuse(li);
            NDArray h = Ops.rmsNormalize(x, eps);
            NDArray qkv = Ops.linear(h, layer.qkvW, layer.qkvB).reshape(b, t, heads + 2L * kvHeads, hd);
            NDList qkAndV = qkv.split(new long[] {heads + kvHeads}, 2);
            NDArray qk = qkAndV.get(0).matMul(rope); // RoPE on every query and key head in one batched product
            NDArray v = qkAndV.get(1);
            NDList qAndK = qk.split(new long[] {heads}, 2);
            NDArray q = qAndK.get(0);
            NDArray[] kv = store.append(li, qAndK.get(1), v); // [B, G, L, hd] each

            // [B,T,H,hd] -> [B,G,T*g,hd]: query head h reads key/value head h / g (Hugging Face's repeat_kv).
            NDArray qg = t == 1
                    ? q.reshape(b, kvHeads, g, hd) // a decode step needs no transpose
                    : q.reshape(b, t, kvHeads, g, hd).transpose(0, 2, 1, 3, 4).reshape(b, kvHeads, (long) t * g, hd);
            // keys^T is a strided view BLAS reads as a transposed matrix: no copy of the window.
            NDArray scores = qg.matMul(kv[0].transpose(0, 1, 3, 2)).add(mask); // [B,G,T*g,L]; q is pre-scaled
            NDArray weights = scores.softmax(-1); // [B,G,T*g,L]
            if (li == recordedLayer) {
                recordedAttention.add(weights);
            }
            NDArray attn = weights.matMul(kv[1]); // [B,G,T*g,hd]
            attn = t == 1
                    ? attn.reshape(b, 1, (long) heads * hd)
                    : attn.reshape(b, kvHeads, t, g, hd)
                            .transpose(0, 2, 1, 3, 4)
                            .reshape(b, t, (long) heads * hd);
            x = x.add(Ops.linear(attn, layer.oW, null));

            NDArray h2 = Ops.rmsNormalize(x, eps);
            NDArray gateUp = Ops.linear(h2, layer.gateUpW, null);
            NDList gateAndUp = gateUp.split(new long[] {c.intermediateSize()}, 2);
            x = x.add(Ops.linear(Ops.silu(gateAndUp.get(0)).mul(gateAndUp.get(1)), layer.downW, null));
            if (layerOutputs != null) {
                layerOutputs.add(x);
            }
        }
        return Ops.rmsNorm(x, finalNorm, eps);
    }

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

    /** RoPE as a rotation matrix per token, {@code [B, T, hd, hd]}, for tokens at {@code positions[b][t]}. */
    private NDArray rotations(NDManager m, int[][] positions) {
        int b = positions.length;
        int t = positions[0].length;
        int hd = config.headDim();
        int h = hd / 2;
        float[] rot = new float[b * t * hd * hd];
        for (int i = 0; i < b; i++) {
            for (int tt = 0; tt < t; tt++) {
                int base = (i * t + tt) * hd * hd;
                float pos = positions[i][tt];
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
