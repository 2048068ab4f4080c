package dev.sightline.latent.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.ModelConfig;
import dev.sightline.latent.bundle.VisionConfig;
import dev.sightline.latent.text.Ops;
import dev.sightline.latent.text.TorchThreads;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Frames to visual tokens: a ViT (patch embedding, learned position and frame embeddings, pre-norm
 * blocks with GELU MLPs) followed by a two-layer projector into the language model's embedding space.
 * Frames of one task are encoded as a batch; each frame attends only within itself.
 *
 * <p>Uses the bundle's {@code visual.*} weights (the bundle owns them). Thread-confined like the model.
 */
public final class VisionEncoder {
    private final ModelConfig config;
    private final VisionConfig vision;
    private final ModelBundle bundle;
    private final NDManager manager;
    private final String identity;

    public VisionEncoder(ModelBundle bundle) {
        this.bundle = bundle;
        this.config = bundle.config();
        this.vision = config.vision();
        if (vision == null) {
            throw new IllegalStateException(bundle.directory() + ": config.json has no vision_config");
        }
        this.manager = bundle.manager();
        this.identity = digest(bundle);
    }

    /** A digest of the vision tower's weights: features computed by equal identities are interchangeable. */
    public String identity() {
        return identity;
    }

    public VisionConfig config() {
        return vision;
    }

    /** Encodes frames (1 .. max_frames) in order. */
    public VisualTokens encode(List<BufferedImage> frames) {
        if (frames.isEmpty() || frames.size() > vision.maxFrames()) {
            throw new IllegalArgumentException(
                    "a task takes 1 to " + vision.maxFrames() + " frames, got " + frames.size());
        }
        int f = frames.size();
        int n = vision.tokensPerFrame();
        TorchThreads.forRows((long) f * n);
        try (NDScope ignored = new NDScope()) {
            NDArray out = forward(patchTensor(manager, frames), f, n);
            return new VisualTokens(out.toFloatArray(), f, n, config.hiddenSize());
        }
    }

    /**
     * Encodes independent images in one forward, each at its own frame position — how a serving encoder
     * batches frames of many tasks. Equal to the rows {@link #encode} gives frame {@code frameIndices[i]}
     * of a task (attention never crosses frames; the frame embedding is the only coupling).
     *
     * @return per image {@code [tokensPerFrame, d_model]} row-major
     */
    public float[][] encodeAt(List<BufferedImage> images, int[] frameIndices) {
        if (images.size() != frameIndices.length || images.isEmpty()) {
            throw new IllegalArgumentException(images.size() + " images but " + frameIndices.length + " frame indices");
        }
        int f = images.size();
        int n = vision.tokensPerFrame();
        long[] at = new long[f];
        for (int i = 0; i < f; i++) {
            if (frameIndices[i] < 0 || frameIndices[i] >= vision.maxFrames()) {
                throw new IllegalArgumentException(
                        "frame index " + frameIndices[i] + " outside 0.." + (vision.maxFrames() - 1));
            }
            at[i] = frameIndices[i];
        }
        TorchThreads.forRows((long) f * n);
        try (NDScope ignored = new NDScope()) {
            NDArray frameEmb = w("frame_embed").get(manager.create(at)); // [F, w]
            float[] all = forward(patchTensor(manager, images), frameEmb).toFloatArray();
            int per = n * config.hiddenSize();
            float[][] out = new float[f][];
            for (int i = 0; i < f; i++) {
                out[i] = java.util.Arrays.copyOfRange(all, i * per, (i + 1) * per);
            }
            return out;
        }
    }

    /**
     * Frames as the ViT's input, {@code [F, N, 3p^2]} (see {@link ImageFrames#patches}), created in
     * {@code manager}: the one place serving and training turn images into tensors.
     */
    public NDArray patchTensor(NDManager manager, List<BufferedImage> frames) {
        int f = frames.size();
        float[] patches = new float[f * vision.tokensPerFrame() * vision.patchDim()];
        for (int i = 0; i < f; i++) {
            float[] p = ImageFrames.patches(frames.get(i), vision.imageSize(), vision.patchSize());
            System.arraycopy(p, 0, patches, i * p.length, p.length);
        }
        return manager.create(patches, new Shape(f, vision.tokensPerFrame(), vision.patchDim()));
    }

    /**
     * {@code [F, N, 3p^2]} patches (see {@link ImageFrames#patches}) → {@code [F, N, d_model]} visual tokens,
     * in the caller's scope; differentiable (the trainer calls it under a gradient collector).
     */
    public NDArray forward(NDArray patches, int f, int n) {
        return forward(patches, w("frame_embed").get(new NDIndex().addSliceDim(0, f)));
    }

    /**
     * Independent images, image {@code i} at frame position {@code frameIndices[i]}: {@code [F, N, 3p^2]} →
     * {@code [F, N, d_model]}, in the caller's scope; differentiable (the trainer's vision pretraining).
     */
    public NDArray forwardAt(NDArray patches, long[] frameIndices) {
        return forward(patches, w("frame_embed").get(patches.getManager().create(frameIndices)));
    }

    /** As above with each frame's embedding given, {@code [F, w]}. */
    private NDArray forward(NDArray patches, NDArray frameEmbeddings) {
        int f = (int) patches.getShape().get(0);
        int n = (int) patches.getShape().get(1);
        int w = vision.hiddenSize();
        int heads = vision.numAttentionHeads();
        int hd = w / heads;
        double eps = vision.layerNormEps();
        NDArray frameEmb = frameEmbeddings.reshape(f, 1, w);
        // The conv weight [w, 3, p, p] as a linear map over flattened patches; reshaped per call so that a
        // training forward differentiates into the stored parameter.
        NDArray patchW = w("patch_embed.proj.weight").reshape(w, vision.patchDim());
        NDArray x = Ops.linear(patches, patchW, w("patch_embed.proj.bias"))
                .add(w("pos_embed"))
                .add(frameEmb);
        NDArray scale = manager.create((float) (1.0 / Math.sqrt(hd)));
        for (int i = 0; i < vision.numHiddenLayers(); i++) {
            String b = "blocks." + i + ".";
            NDArray h = Ops.layerNorm(x, w(b + "norm1.weight"), w(b + "norm1.bias"), eps);
            NDArray qkv = Ops.linear(h, w(b + "attn.qkv.weight"), w(b + "attn.qkv.bias"))
                    .reshape(f, n, 3, heads, hd)
                    .transpose(2, 0, 3, 1, 4); // [3, F, heads, N, hd]
            NDArray q = qkv.get(0);
            NDArray k = qkv.get(1);
            NDArray v = qkv.get(2);
            NDArray attn =
                    q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).softmax(-1).matMul(v);
            attn = attn.transpose(0, 2, 1, 3).reshape(f, n, w);
            x = x.add(Ops.linear(attn, w(b + "attn.proj.weight"), w(b + "attn.proj.bias")));
            NDArray h2 = Ops.layerNorm(x, w(b + "norm2.weight"), w(b + "norm2.bias"), eps);
            NDArray mlp = Ops.linear(h2, w(b + "mlp.fc1.weight"), w(b + "mlp.fc1.bias"))
                    .getNDArrayInternal()
                    .gelu();
            x = x.add(Ops.linear(mlp, w(b + "mlp.fc2.weight"), w(b + "mlp.fc2.bias")));
        }
        x = Ops.layerNorm(x, w("post_norm.weight"), w("post_norm.bias"), eps);
        NDArray p = Ops.linear(x, w("projector.fc1.weight"), w("projector.fc1.bias"))
                .getNDArrayInternal()
                .gelu();
        return Ops.linear(p, w("projector.fc2.weight"), w("projector.fc2.bias"));
    }

    private NDArray w(String suffix) {
        return bundle.weight("visual." + suffix);
    }

    private static String digest(ModelBundle bundle) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            bundle.weights().forEach((name, array) -> {
                if (name.startsWith("visual.")) {
                    sha.update(name.getBytes(StandardCharsets.UTF_8));
                    ByteBuffer bytes = array.toByteBuffer();
                    sha.update(bytes);
                }
            });
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
