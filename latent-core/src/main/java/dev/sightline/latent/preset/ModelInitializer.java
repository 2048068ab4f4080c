package dev.sightline.latent.preset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.bundle.ControlTokens;
import dev.sightline.latent.bundle.GenerationConfig;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.bundle.ModelConfig;
import dev.sightline.latent.bundle.TensorLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a freshly initialized bundle for a preset: a byte-level BPE trained on the built-in corpus and
 * weights drawn on the host from one generator per tensor (seeded by the seed and the tensor's name), so
 * the same seed writes the same bytes whatever the engine or thread count.
 */
public final class ModelInitializer {
    private static final double STD = 0.02;

    private ModelInitializer() {}

    public static void write(Preset preset, long seed, Path out) {
        write(preset, seed, out, Corpus.lines());
    }

    /**
     * As {@link #write(Preset, long, Path)} with the tokenizer trained on {@code corpus} (the trainer passes
     * its dataset's questions, steps and answers, so that their words are single tokens).
     */
    public static void write(Preset preset, long seed, Path out, java.util.List<String> corpus) {
        String tokenizerJson = ByteLevelBpe.train(corpus, preset.vocabSize() - ControlTokens.ALL.size() - 64);
        int learned = JsonMapper.builder()
                .build()
                .readTree(tokenizerJson)
                .path("model")
                .path("vocab")
                .size();
        int endOfText = learned + ControlTokens.ALL.size() - 1;
        ModelConfig config = preset.config(endOfText);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> weights = new LinkedHashMap<>();
            TensorLayout.of(config).forEach((name, shape) -> weights.put(name, init(manager, name, shape, seed)));
            ModelBundle.write(out, config, GenerationConfig.defaults(config), weights, tokenizerJson, DataType.FLOAT32);
        }
    }

    /** Norm weights 1, norm/proj biases 0, everything else N(0, 0.02) (embeddings and positions included). */
    static NDArray init(NDManager manager, String name, Shape shape, long seed) {
        float[] data = new float[(int) shape.size()];
        boolean norm = name.contains("norm") || name.contains("layernorm");
        if (norm && name.endsWith(".weight")) {
            java.util.Arrays.fill(data, 1f);
        } else if (!name.endsWith(".bias") || name.contains("_proj.bias") && name.contains("self_attn")) {
            // Qwen2's q/k/v biases start random too, so the bias path is exercised from the first step.
            SplittableRandom rng = new SplittableRandom(seed ^ name.hashCode() * 0x9E3779B97F4A7C15L);
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (rng.nextGaussian() * STD);
            }
        }
        return manager.create(data, shape);
    }
}
