package dev.sightline.latent.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.sightline.latent.TinyBundles;
import dev.sightline.latent.sampling.SamplingParams;
import dev.sightline.latent.session.EngineOptions;
import dev.sightline.latent.session.Mode;
import dev.sightline.latent.session.ReasoningEngine;
import dev.sightline.latent.session.SessionRequest;
import dev.sightline.latent.session.Step;
import dev.sightline.latent.session.StepKind;
import dev.sightline.latent.text.KvCache;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain Hugging Face Qwen2 text checkpoint (written by an independent numpy implementation, see
 * tools/reference) runs unchanged: same greedy tokens, same logits and hidden states.
 */
class Qwen2ReferenceTest {
    static final Path DIR = TinyBundles.fixture("qwen2-tiny-reference");
    static ModelBundle bundle;
    static ReasoningEngine engine;
    static JsonNode expected;

    @BeforeAll
    static void load() {
        bundle = ModelBundle.load(DIR);
        engine = new ReasoningEngine(bundle, EngineOptions.defaults());
        expected = JsonMapper.builder()
                .build()
                .readTree(DIR.resolve("expected.json").toFile());
    }

    @AfterAll
    static void close() {
        engine.close();
        bundle.close();
    }

    @Test
    void loadsAsTextOnlyCheckpointWithHuggingFaceNames() {
        assertNull(bundle.controlTokens());
        assertEquals(
                Safetensors.readHeader(DIR.resolve("model.safetensors")).keySet(),
                TensorLayout.textBackbone(bundle.config()).keySet());
    }

    @Test
    void greedyTokensEqualTheReferenceImplementation() {
        for (JsonNode c : expected.path("cases")) {
            int[] prompt = ints(c.path("prompt_ids"));
            int[] want = ints(c.path("greedy_ids"));
            var request = new SessionRequest(
                    c.path("name").asString(),
                    null,
                    prompt,
                    null,
                    Mode.TEXT,
                    0,
                    false,
                    want.length,
                    SamplingParams.GREEDY);
            List<Step> trace = engine.trace(request);
            Step answer = trace.get(trace.size() - 1);
            assertEquals(StepKind.ANSWER, answer.kind());
            assertArrayEquals(
                    want,
                    answer.tokenIds(),
                    "greedy ids of case " + c.path("name").asString());
        }
    }

    @Test
    void firstLogitsAndHiddenStateMatchTheReferenceWithin1e4() {
        for (JsonNode c : expected.path("cases")) {
            int[] prompt = ints(c.path("prompt_ids"));
            try (NDScope ignored = new NDScope();
                    KvCache cache = engine.model().newCache(64, 1)) {
                cache.allocate();
                long[] ids = new long[prompt.length];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = prompt[i];
                }
                NDArray x = engine.model().embed(bundle.manager().create(ids)).expandDims(0);
                NDArray hidden = engine.model().forward(x, cache, new int[] {0}, new int[] {0});
                NDArray last = hidden.get(0).get(prompt.length - 1);
                float[] h = last.toFloatArray();
                float[] logits = engine.model().logits(last.expandDims(0)).toFloatArray();
                assertClose(floats(c.path("last_hidden_after_norm_first")), h, 1e-4);
                assertClose(floats(c.path("first_logits")), logits, 1e-4);
            }
        }
    }

    @Test
    void tokenizerEncodesLikeTheReference() {
        for (JsonNode c : expected.path("tokenizer_cases")) {
            assertArrayEquals(
                    ints(c.path("ids")),
                    bundle.tokenizer().encode(c.path("text").asString()));
            assertEquals(c.path("text").asString(), bundle.tokenizer().decode(ints(c.path("ids"))));
        }
        assertTrue(bundle.tokenizer().addedToken("<|endoftext|>").isPresent());
    }

    static void assertClose(float[] want, float[] got, double tol) {
        assertEquals(want.length, got.length);
        double max = 0;
        for (int i = 0; i < want.length; i++) {
            max = Math.max(max, Math.abs(want[i] - got[i]));
        }
        assertTrue(max <= tol, "max abs difference " + max + " > " + tol);
    }

    static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }
}
