package dev.sightline.latent.bundle;

import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bundle's {@code config.json}: the Hugging Face Qwen2 keys for the text backbone, plus Sightline's own
 * {@code vision_config} and {@code sketch_config} sections. A plain Hugging Face Qwen2 text checkpoint has
 * neither section and loads as a text-only model.
 *
 * @param vision null for a text-only checkpoint
 * @param sketch null when the bundle has no sketch head
 * @param latentInput what a latent step feeds back ({@code latent_input}; absent: the hidden state as is)
 * @param latentSchedule where the model has its latent segments ({@code latent_schedule}; absent: before every
 *     CoT step)
 * @param latentKeyBias what a latent step's key adds to the attention scores it gets ({@code latent_key_bias};
 *     absent: nothing)
 * @param latentPositions which rotary positions a segment's latent steps take ({@code latent_positions}; absent:
 *     one each)
 */
public record ModelConfig(
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        int maxPositionEmbeddings,
        double rmsNormEps,
        double ropeTheta,
        boolean tieWordEmbeddings,
        int bosTokenId,
        int eosTokenId,
        VisionConfig vision,
        SketchConfig sketch,
        LatentInput latentInput,
        LatentSchedule latentSchedule,
        LatentKeyBias latentKeyBias,
        LatentPositions latentPositions) {

    public static final String FILE = "config.json";

    public ModelConfig {
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new BundleException(FILE + ": num_attention_heads (" + numAttentionHeads
                    + ") must be a multiple of num_key_value_heads (" + numKeyValueHeads + ")");
        }
        if (headDim % 2 != 0) {
            throw new BundleException(FILE + ": head_dim must be even for rotary embeddings, got " + headDim);
        }
    }

    /** This config with {@code latent_input} set to {@code input}. */
    public ModelConfig withLatentInput(LatentInput input) {
        return with(input, latentSchedule, latentKeyBias, latentPositions);
    }

    /** This config with {@code latent_schedule} set to {@code schedule}. */
    public ModelConfig withLatentSchedule(LatentSchedule schedule) {
        return with(latentInput, schedule, latentKeyBias, latentPositions);
    }

    /** This config with {@code latent_key_bias} set to {@code bias}. */
    public ModelConfig withLatentKeyBias(LatentKeyBias bias) {
        return with(latentInput, latentSchedule, bias, latentPositions);
    }

    /** This config with {@code latent_positions} set to {@code positions}. */
    public ModelConfig withLatentPositions(LatentPositions positions) {
        return with(latentInput, latentSchedule, latentKeyBias, positions);
    }

    private ModelConfig with(
            LatentInput input, LatentSchedule schedule, LatentKeyBias bias, LatentPositions positions) {
        return new ModelConfig(
                vocabSize,
                hiddenSize,
                intermediateSize,
                numHiddenLayers,
                numAttentionHeads,
                numKeyValueHeads,
                headDim,
                maxPositionEmbeddings,
                rmsNormEps,
                ropeTheta,
                tieWordEmbeddings,
                bosTokenId,
                eosTokenId,
                vision,
                sketch,
                input,
                schedule,
                bias,
                positions);
    }

    public boolean hasVision() {
        return vision != null;
    }

    public boolean hasSketchHead() {
        return sketch != null;
    }

    /** Query heads served by each key/value head (GQA group size). */
    public int queriesPerKeyValue() {
        return numAttentionHeads / numKeyValueHeads;
    }

    /** Parses a config.json tree; {@code source} is only used to name the file in errors. */
    public static ModelConfig fromJson(JsonNode root, Path source) {
        Keys k = new Keys(root, source);
        // Settings that change the math this engine implements are refused, not silently ignored.
        JsonNode ropeScaling = root.path("rope_scaling");
        if (!ropeScaling.isMissingNode() && !ropeScaling.isNull()) {
            throw new BundleException(source + ": rope_scaling is not supported (got " + ropeScaling + ")");
        }
        if (root.path("use_sliding_window").asBoolean(false)) {
            throw new BundleException(source + ": use_sliding_window=true is not supported");
        }
        String act = root.path("hidden_act").asString("silu");
        if (!act.equals("silu")) {
            throw new BundleException(source + ": hidden_act \"" + act + "\" is not supported (Qwen2 uses silu)");
        }
        int hidden = k.integer("hidden_size");
        int heads = k.integer("num_attention_heads");
        JsonNode v = root.path("vision_config");
        VisionConfig vision = v.isMissingNode() || v.isNull()
                ? null
                : new VisionConfig(
                        k.integer(v, "vision_config.image_size"),
                        k.integer(v, "vision_config.patch_size"),
                        k.integer(v, "vision_config.hidden_size"),
                        k.integer(v, "vision_config.num_hidden_layers"),
                        k.integer(v, "vision_config.num_attention_heads"),
                        k.integer(v, "vision_config.intermediate_size"),
                        v.path("layer_norm_eps").asDouble(1e-6),
                        v.path("max_frames").asInt(16));
        JsonNode s = root.path("sketch_config");
        SketchConfig sketch = s.isMissingNode() || s.isNull()
                ? null
                : new SketchConfig(
                        k.integer(s, "sketch_config.num_blocks"),
                        k.integer(s, "sketch_config.hidden_size"),
                        k.integer(s, "sketch_config.num_latents"),
                        s.path("num_inference_steps").asInt(20),
                        s.path("num_train_timesteps").asInt(1000));
        JsonNode eosNode = root.path("eos_token_id");
        int eos = eosNode.isArray() ? eosNode.path(0).asInt(-1) : eosNode.asInt(-1);
        return new ModelConfig(
                k.integer("vocab_size"),
                hidden,
                k.integer("intermediate_size"),
                k.integer("num_hidden_layers"),
                heads,
                root.path("num_key_value_heads").asInt(heads),
                root.path("head_dim").asInt(hidden / heads),
                root.path("max_position_embeddings").asInt(32768),
                root.path("rms_norm_eps").asDouble(1e-6),
                root.path("rope_theta").asDouble(10000.0),
                root.path("tie_word_embeddings").asBoolean(false),
                root.path("bos_token_id").asInt(eos),
                eos,
                vision,
                sketch,
                ConfigValue.of(
                        LatentInput.class,
                        "latent_input",
                        root.path("latent_input").asString(LatentInput.HIDDEN_STATE.key()),
                        source),
                ConfigValue.of(
                        LatentSchedule.class,
                        "latent_schedule",
                        root.path("latent_schedule").asString(LatentSchedule.EACH_STEP.key()),
                        source),
                ConfigValue.of(
                        LatentKeyBias.class,
                        "latent_key_bias",
                        root.path("latent_key_bias").asString(LatentKeyBias.NONE.key()),
                        source),
                ConfigValue.of(
                        LatentPositions.class,
                        "latent_positions",
                        root.path("latent_positions").asString(LatentPositions.DISTINCT.key()),
                        source));
    }

    /** Writes the Hugging Face keys first, so that outside Qwen2 tools read the backbone unchanged. */
    public void writeTo(ObjectNode root) {
        root.putArray("architectures").add("Qwen2ForCausalLM");
        root.put("model_type", "qwen2");
        root.put("vocab_size", vocabSize);
        root.put("hidden_size", hiddenSize);
        root.put("intermediate_size", intermediateSize);
        root.put("num_hidden_layers", numHiddenLayers);
        root.put("num_attention_heads", numAttentionHeads);
        root.put("num_key_value_heads", numKeyValueHeads);
        root.put("head_dim", headDim);
        root.put("max_position_embeddings", maxPositionEmbeddings);
        root.put("rms_norm_eps", rmsNormEps);
        root.put("rope_theta", ropeTheta);
        root.put("tie_word_embeddings", tieWordEmbeddings);
        root.put("hidden_act", "silu");
        root.put("bos_token_id", bosTokenId);
        root.put("eos_token_id", eosTokenId);
        root.put("use_sliding_window", false);
        root.put("latent_input", latentInput.key());
        root.put("latent_schedule", latentSchedule.key());
        root.put("latent_key_bias", latentKeyBias.key());
        root.put("latent_positions", latentPositions.key());
        if (vision != null) {
            ObjectNode v = root.putObject("vision_config");
            v.put("image_size", vision.imageSize());
            v.put("patch_size", vision.patchSize());
            v.put("hidden_size", vision.hiddenSize());
            v.put("num_hidden_layers", vision.numHiddenLayers());
            v.put("num_attention_heads", vision.numAttentionHeads());
            v.put("intermediate_size", vision.intermediateSize());
            v.put("layer_norm_eps", vision.layerNormEps());
            v.put("max_frames", vision.maxFrames());
        }
        if (sketch != null) {
            ObjectNode s = root.putObject("sketch_config");
            s.put("num_blocks", sketch.numBlocks());
            s.put("hidden_size", sketch.hiddenSize());
            s.put("num_latents", sketch.numLatents());
            s.put("num_inference_steps", sketch.numInferenceSteps());
            s.put("num_train_timesteps", sketch.numTrainTimesteps());
        }
    }

    private record Keys(JsonNode root, Path source) {
        int integer(String key) {
            return integer(root, key);
        }

        int integer(JsonNode node, String dottedKey) {
            String leaf = dottedKey.substring(dottedKey.lastIndexOf('.') + 1);
            JsonNode value = node.path(leaf);
            if (!value.isNumber()) {
                throw new BundleException(source + ": missing or non-integer key \"" + dottedKey + "\"");
            }
            return value.asInt();
        }
    }
}
