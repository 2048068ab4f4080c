package dev.sightline.latent.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.TinyBundles;
import dev.sightline.latent.preset.ModelInitializer;
import dev.sightline.latent.preset.Preset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    @TempDir
    Path tmp;

    @Test
    void saveThenLoadIsBitExact() throws IOException {
        try (ModelBundle original = TinyBundles.loadTiny()) {
            original.save(tmp.resolve("copy"), DataType.FLOAT32);
            try (ModelBundle copy = ModelBundle.load(tmp.resolve("copy"))) {
                assertEquals(original.config(), copy.config());
                assertEquals(original.weights().keySet(), copy.weights().keySet());
                original.weights()
                        .forEach((name, w) -> assertArrayEquals(
                                w.toByteArray(), copy.weight(name).toByteArray(), name));
                assertEquals(original.weightsDigest(), copy.weightsDigest());
            }
        }
        assertArrayEquals(
                Files.readAllBytes(TinyBundles.tinyDir().resolve("model.safetensors")),
                Files.readAllBytes(tmp.resolve("copy/model.safetensors")));
    }

    @Test
    void theSameSeedWritesTheSameBytes() throws IOException {
        ModelInitializer.write(Preset.TINY, 7, tmp.resolve("again"));
        for (String f : new String[] {"model.safetensors", "config.json", "tokenizer.json", "generation_config.json"}) {
            assertArrayEquals(
                    Files.readAllBytes(TinyBundles.tinyDir().resolve(f)),
                    Files.readAllBytes(tmp.resolve("again/" + f)),
                    f);
        }
    }

    @Test
    void fp16BundlesLoadAsFloat32WithinHalfPrecision() {
        try (ModelBundle original = TinyBundles.loadTiny()) {
            original.save(tmp.resolve("half"), DataType.FLOAT16);
            try (ModelBundle half = ModelBundle.load(tmp.resolve("half"))) {
                NDArray a = original.weight(TensorLayout.EMBED_TOKENS);
                NDArray b = half.weight(TensorLayout.EMBED_TOKENS);
                assertEquals(DataType.FLOAT32, b.getDataType());
                assertTrue(a.sub(b).abs().max().getFloat() < 1e-3);
            }
        }
    }

    @Test
    void textBackboneNamesAndShapesAreHuggingFaceQwen2s() {
        try (ModelBundle bundle = TinyBundles.loadTiny()) {
            ModelConfig c = bundle.config();
            // Written out by hand from transformers' Qwen2ForCausalLM state_dict for this config.
            Map<String, Shape> hf = new LinkedHashMap<>();
            hf.put("model.embed_tokens.weight", new Shape(c.vocabSize(), 256));
            for (int i = 0; i < 4; i++) {
                String p = "model.layers." + i + ".";
                hf.put(p + "self_attn.q_proj.weight", new Shape(256, 256));
                hf.put(p + "self_attn.q_proj.bias", new Shape(256));
                hf.put(p + "self_attn.k_proj.weight", new Shape(64, 256));
                hf.put(p + "self_attn.k_proj.bias", new Shape(64));
                hf.put(p + "self_attn.v_proj.weight", new Shape(64, 256));
                hf.put(p + "self_attn.v_proj.bias", new Shape(64));
                hf.put(p + "self_attn.o_proj.weight", new Shape(256, 256));
                hf.put(p + "mlp.gate_proj.weight", new Shape(768, 256));
                hf.put(p + "mlp.up_proj.weight", new Shape(768, 256));
                hf.put(p + "mlp.down_proj.weight", new Shape(256, 768));
                hf.put(p + "input_layernorm.weight", new Shape(256));
                hf.put(p + "post_attention_layernorm.weight", new Shape(256));
            }
            hf.put("model.norm.weight", new Shape(256));
            Map<String, Shape> ours = new LinkedHashMap<>();
            bundle.weights().forEach((name, w) -> {
                if (!name.startsWith("visual.") && !name.startsWith("sketch_head.")) {
                    ours.put(name, w.getShape());
                }
            });
            assertEquals(new java.util.TreeMap<>(hf), new java.util.TreeMap<>(ours));
            assertTrue(c.tieWordEmbeddings(), "tiny ties lm_head to embed_tokens, as Qwen2-0.5B does");
        }
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) {
            Path dir = TinyBundles.copyTiny(tmp.resolve("missing-" + f));
            Files.delete(dir.resolve(f));
            assertLoadFails(dir, f);
        }
    }

    @Test
    void aTruncatedWeightsFileIsNamedWithTheTensorItCuts() throws IOException {
        Path dir = TinyBundles.copyTiny(tmp.resolve("truncated"));
        Path w = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(w);
        Files.write(w, java.util.Arrays.copyOf(bytes, bytes.length - 1000));
        String msg = assertLoadFails(dir, "model.safetensors");
        assertTrue(msg.contains("truncated") && msg.contains("tensor "), msg);
        Files.write(w, java.util.Arrays.copyOf(bytes, 5));
        assertLoadFails(dir, "model.safetensors");
    }

    @Test
    void wrongShapeUnknownAndMissingTensorsAreNamed() {
        editWeights(
                "shape",
                w -> w.put(
                        TensorLayout.FINAL_NORM, w.get(TensorLayout.FINAL_NORM).reshape(16, 16)),
                "model.norm.weight has shape (16, 16)");
        editWeights(
                "unknown",
                w -> w.put("model.layers.0.mlp.extra.weight", w.get(TensorLayout.FINAL_NORM)),
                "unknown tensor model.layers.0.mlp.extra.weight");
        editWeights(
                "missing",
                w -> w.remove("model.layers.3.self_attn.k_proj.bias"),
                "missing tensor model.layers.3.self_attn.k_proj.bias");
    }

    @Test
    void latentInputDefaultsToTheHiddenStateAndAnUnknownOneIsNamed() throws IOException {
        Path dir = TinyBundles.copyTiny(tmp.resolve("latent-input"));
        Path c = dir.resolve("config.json");
        String config = Files.readString(c);
        // a config from before the key: Coconut's hidden state, as those models were trained
        Files.writeString(c, config.replaceAll("\\s*\"latent_input\"\\s*:\\s*\"[a-z_]+\"\\s*,?", ""));
        try (ModelBundle bundle = ModelBundle.load(dir)) {
            assertEquals(LatentInput.HIDDEN_STATE, bundle.config().latentInput());
        }
        Files.writeString(
                c, config.replaceAll("\"latent_input\"\\s*:\\s*\"[a-z_]+\"", "\"latent_input\": \"projected\""));
        String msg = assertLoadFails(dir, "config.json");
        assertTrue(msg.contains("latent_input \"projected\""), msg);
    }

    @Test
    void theLatentKeyBiasAndPositionsRoundTripThroughTheBundleAndAnUnknownBiasIsNamed() throws IOException {
        Path dir = TinyBundles.copyTiny(tmp.resolve("latent-key-bias"));
        try (ModelBundle bundle = ModelBundle.load(dir)) {
            assertEquals(LatentKeyBias.NONE, bundle.config().latentKeyBias(), "by default");
        }
        ModelBundle.editConfig(dir, c -> c.withLatentKeyBias(LatentKeyBias.NEG_LOG_K));
        try (ModelBundle bundle = ModelBundle.load(dir)) {
            assertEquals(LatentKeyBias.NEG_LOG_K, bundle.config().latentKeyBias());
        }
        Path c = dir.resolve("config.json");
        Files.writeString(c, Files.readString(c).replace("\"neg_log_k\"", "\"log_k\""));
        String msg = assertLoadFails(dir, "config.json");
        assertTrue(msg.contains("latent_key_bias \"log_k\""), msg);
        assertEquals((float) -Math.log(16), LatentKeyBias.NEG_LOG_K.bias(16));
        assertEquals(0f, LatentKeyBias.NONE.bias(16));
        Files.writeString(c, Files.readString(c).replace("\"log_k\"", "\"neg_log_k\""));
        ModelBundle.editConfig(dir, cfg -> cfg.withLatentPositions(LatentPositions.SHARED));
        try (ModelBundle bundle = ModelBundle.load(dir)) {
            assertEquals(LatentPositions.SHARED, bundle.config().latentPositions());
            assertEquals(LatentKeyBias.NEG_LOG_K, bundle.config().latentKeyBias(), "the other key kept");
        }
        assertTrue(LatentPositions.SHARED.repeats(2) && !LatentPositions.SHARED.repeats(1));
        assertFalse(LatentPositions.DISTINCT.repeats(2));
    }

    @Test
    void aTokenizerWithoutControlTokensIsRejected() throws IOException {
        Path dir = TinyBundles.copyTiny(tmp.resolve("tok"));
        Path t = dir.resolve("tokenizer.json");
        Files.writeString(t, Files.readString(t).replace("<|latent_start|>", "<|latent_begin|>"));
        String msg = assertLoadFails(dir, "tokenizer.json");
        assertTrue(msg.contains("<|latent_start|>"), msg);
    }

    private void editWeights(String name, Consumer<Map<String, NDArray>> edit, String expected) {
        Path dir = TinyBundles.copyTiny(tmp.resolve(name));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> w = new LinkedHashMap<>(Safetensors.read(dir.resolve("model.safetensors"), m));
            edit.accept(w);
            Safetensors.write(dir.resolve("model.safetensors"), w);
        }
        String msg = assertLoadFails(dir, "model.safetensors");
        assertTrue(msg.contains(expected), msg);
    }

    private static String assertLoadFails(Path dir, String file) {
        BundleException e =
                assertThrows(BundleException.class, () -> ModelBundle.load(dir).close());
        assertTrue(e.getMessage().contains(dir.resolve(file).toString()), e.getMessage());
        return e.getMessage();
    }
}
