package dev.sightline.latent.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bundle's {@code generation_config.json} (Hugging Face keys): default stop token and sampling. Optional
 * in a plain Qwen2 checkpoint, where the defaults come from config.json.
 */
public record GenerationConfig(int eosTokenId, boolean doSample, double temperature, int topK, double topP) {
    public static final String FILE = "generation_config.json";

    public static GenerationConfig defaults(ModelConfig config) {
        return new GenerationConfig(config.eosTokenId(), false, 1.0, 0, 1.0);
    }

    public static GenerationConfig load(Path file, ModelConfig config) {
        if (!Files.isRegularFile(file)) {
            return defaults(config);
        }
        try {
            JsonNode root = JsonMapper.builder().build().readTree(file.toFile());
            JsonNode eos = root.path("eos_token_id");
            int eosId = eos.isArray() ? eos.path(0).asInt(config.eosTokenId()) : eos.asInt(config.eosTokenId());
            return new GenerationConfig(
                    eosId,
                    root.path("do_sample").asBoolean(false),
                    root.path("temperature").asDouble(1.0),
                    root.path("top_k").asInt(0),
                    root.path("top_p").asDouble(1.0));
        } catch (RuntimeException e) {
            throw new BundleException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    public void writeTo(ObjectNode root, ModelConfig config) {
        root.put("bos_token_id", config.bosTokenId());
        root.put("eos_token_id", eosTokenId);
        root.put("do_sample", doSample);
        root.put("temperature", temperature);
        root.put("top_k", topK);
        root.put("top_p", topP);
    }
}
