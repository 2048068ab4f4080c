package dev.sightline.latent.bundle;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bundle's {@code tokenizer.json}, run by DJL's Hugging Face tokenizer. Encoding never adds special
 * tokens: the engine places control tokens itself.
 *
 * <p>Owns a native tokenizer; {@link #close()} frees it. Thread-safe for encode/decode.
 */
public final class BundleTokenizer implements AutoCloseable {
    public static final String FILE = "tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, Integer> addedTokens;
    private final int vocabSize;

    private BundleTokenizer(HuggingFaceTokenizer tokenizer, Map<String, Integer> addedTokens, int vocabSize) {
        this.tokenizer = tokenizer;
        this.addedTokens = addedTokens;
        this.vocabSize = vocabSize;
    }

    public static BundleTokenizer load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BundleException(file + ": missing tokenizer file");
        }
        Map<String, Integer> added = new HashMap<>();
        int maxId = -1;
        try {
            JsonNode root = JsonMapper.builder().build().readTree(file.toFile());
            for (JsonNode t : root.path("added_tokens")) {
                int id = t.path("id").asInt();
                added.put(t.path("content").asString(), id);
                maxId = Math.max(maxId, id);
            }
            for (JsonNode id : root.path("model").path("vocab")) {
                if (id.isNumber()) {
                    maxId = Math.max(maxId, id.asInt());
                }
            }
        } catch (JacksonException e) {
            throw new BundleException(file + ": not valid tokenizer JSON: " + e.getOriginalMessage(), e);
        }
        try {
            HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false"));
            return new BundleTokenizer(hf, Map.copyOf(added), maxId + 1);
        } catch (IOException | RuntimeException e) {
            throw new BundleException(file + ": cannot load tokenizer: " + e.getMessage(), e);
        }
    }

    public int[] encode(String text) {
        Encoding enc = tokenizer.encode(text, false, false);
        long[] ids = enc.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, false);
    }

    /** Id of an added (special) token such as {@code <|latent_start|>}. */
    public OptionalInt addedToken(String content) {
        Integer id = addedTokens.get(content);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Highest id in the vocabulary plus one. */
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
