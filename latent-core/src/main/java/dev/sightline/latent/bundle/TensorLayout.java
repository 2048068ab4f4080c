package dev.sightline.latent.bundle;

import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every tensor a bundle must hold, by name and shape, derived from its config. The text backbone uses
 * Hugging Face Qwen2's names exactly; the vision tower lives under {@code visual.}, the sketch head under
 * {@code sketch_head.}. Linear weights are {@code [out, in]} as in PyTorch.
 */
public final class TensorLayout {
    public static final String EMBED_TOKENS = "model.embed_tokens.weight";
    public static final String FINAL_NORM = "model.norm.weight";
    public static final String LM_HEAD = "lm_head.weight";

    private TensorLayout() {}

    public static String layer(int i, String suffix) {
        return "model.layers." + i + "." + suffix;
    }

    /** Name → shape of every tensor, in a stable order (the order written to safetensors). */
    public static Map<String, Shape> of(ModelConfig c) {
        Map<String, Shape> t = new LinkedHashMap<>(textBackbone(c));
        if (c.hasVision()) {
            t.putAll(vision(c));
        }
        if (c.hasSketchHead()) {
            t.putAll(sketchHead(c));
        }
        return Collections.unmodifiableMap(t);
    }

    /** The Qwen2ForCausalLM tensors, exactly as Hugging Face names and shapes them. */
    public static Map<String, Shape> textBackbone(ModelConfig c) {
        Map<String, Shape> t = new LinkedHashMap<>();
        int d = c.hiddenSize();
        int q = c.numAttentionHeads() * c.headDim();
        int kv = c.numKeyValueHeads() * c.headDim();
        int ff = c.intermediateSize();
        t.put(EMBED_TOKENS, new Shape(c.vocabSize(), d));
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            t.put(layer(i, "input_layernorm.weight"), new Shape(d));
            t.put(layer(i, "self_attn.q_proj.weight"), new Shape(q, d));
            t.put(layer(i, "self_attn.q_proj.bias"), new Shape(q));
            t.put(layer(i, "self_attn.k_proj.weight"), new Shape(kv, d));
            t.put(layer(i, "self_attn.k_proj.bias"), new Shape(kv));
            t.put(layer(i, "self_attn.v_proj.weight"), new Shape(kv, d));
            t.put(layer(i, "self_attn.v_proj.bias"), new Shape(kv));
            t.put(layer(i, "self_attn.o_proj.weight"), new Shape(d, q));
            t.put(layer(i, "post_attention_layernorm.weight"), new Shape(d));
            t.put(layer(i, "mlp.gate_proj.weight"), new Shape(ff, d));
            t.put(layer(i, "mlp.up_proj.weight"), new Shape(ff, d));
            t.put(layer(i, "mlp.down_proj.weight"), new Shape(d, ff));
        }
        t.put(FINAL_NORM, new Shape(d));
        if (!c.tieWordEmbeddings()) {
            t.put(LM_HEAD, new Shape(c.vocabSize(), d));
        }
        return t;
    }

    static Map<String, Shape> vision(ModelConfig c) {
        VisionConfig v = c.vision();
        int w = v.hiddenSize();
        Map<String, Shape> t = new LinkedHashMap<>();
        // Conv2d layout [out, in, kh, kw]: a patch embedding is a stride-p convolution.
        t.put("visual.patch_embed.proj.weight", new Shape(w, 3, v.patchSize(), v.patchSize()));
        t.put("visual.patch_embed.proj.bias", new Shape(w));
        t.put("visual.pos_embed", new Shape(v.tokensPerFrame(), w));
        t.put("visual.frame_embed", new Shape(v.maxFrames(), w));
        for (int i = 0; i < v.numHiddenLayers(); i++) {
            String b = "visual.blocks." + i + ".";
            t.put(b + "norm1.weight", new Shape(w));
            t.put(b + "norm1.bias", new Shape(w));
            t.put(b + "attn.qkv.weight", new Shape(3L * w, w));
            t.put(b + "attn.qkv.bias", new Shape(3L * w));
            t.put(b + "attn.proj.weight", new Shape(w, w));
            t.put(b + "attn.proj.bias", new Shape(w));
            t.put(b + "norm2.weight", new Shape(w));
            t.put(b + "norm2.bias", new Shape(w));
            t.put(b + "mlp.fc1.weight", new Shape(v.intermediateSize(), w));
            t.put(b + "mlp.fc1.bias", new Shape(v.intermediateSize()));
            t.put(b + "mlp.fc2.weight", new Shape(w, v.intermediateSize()));
            t.put(b + "mlp.fc2.bias", new Shape(w));
        }
        t.put("visual.post_norm.weight", new Shape(w));
        t.put("visual.post_norm.bias", new Shape(w));
        // Projector: ViT width -> the language model's embedding space.
        t.put("visual.projector.fc1.weight", new Shape(c.hiddenSize(), w));
        t.put("visual.projector.fc1.bias", new Shape(c.hiddenSize()));
        t.put("visual.projector.fc2.weight", new Shape(c.hiddenSize(), c.hiddenSize()));
        t.put("visual.projector.fc2.bias", new Shape(c.hiddenSize()));
        return t;
    }

    static Map<String, Shape> sketchHead(ModelConfig c) {
        SketchConfig s = c.sketch();
        int w = s.hiddenSize();
        int d = c.hiddenSize();
        Map<String, Shape> t = new LinkedHashMap<>();
        t.put("sketch_head.cond_proj.weight", new Shape(w, d));
        t.put("sketch_head.cond_proj.bias", new Shape(w));
        t.put("sketch_head.latent_pos", new Shape(s.numLatents(), w));
        t.put("sketch_head.time_mlp.fc1.weight", new Shape(w, w));
        t.put("sketch_head.time_mlp.fc1.bias", new Shape(w));
        t.put("sketch_head.time_mlp.fc2.weight", new Shape(w, w));
        t.put("sketch_head.time_mlp.fc2.bias", new Shape(w));
        t.put("sketch_head.input_proj.weight", new Shape(w, d));
        t.put("sketch_head.input_proj.bias", new Shape(w));
        for (int i = 0; i < s.numBlocks(); i++) {
            String b = "sketch_head.blocks." + i + ".";
            // adaLN: shift, scale, gate from the conditioning vector.
            t.put(b + "adaln.weight", new Shape(3L * w, w));
            t.put(b + "adaln.bias", new Shape(3L * w));
            t.put(b + "mlp.fc1.weight", new Shape(w, w));
            t.put(b + "mlp.fc1.bias", new Shape(w));
            t.put(b + "mlp.fc2.weight", new Shape(w, w));
            t.put(b + "mlp.fc2.bias", new Shape(w));
        }
        t.put("sketch_head.final_adaln.weight", new Shape(2L * w, w));
        t.put("sketch_head.final_adaln.bias", new Shape(2L * w));
        t.put("sketch_head.out_proj.weight", new Shape(d, w));
        t.put("sketch_head.out_proj.bias", new Shape(d));
        return t;
    }
}
