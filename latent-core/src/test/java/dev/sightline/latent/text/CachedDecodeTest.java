package dev.sightline.latent.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.TinyBundles;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.sketch.DiffusionHead;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Incremental decoding with the KV cache equals recomputing the whole sequence from scratch, across
 * a prompt chunk, text tokens, latent steps (hidden state fed back) and a sketch chunk.
 */
class CachedDecodeTest {
    @Test
    void cachedDecodeEqualsFullRecomputationAcrossTextLatentAndSketchInputs() {
        try (ModelBundle bundle = TinyBundles.loadTiny();
                LanguageModel model = new LanguageModel(bundle);
                DiffusionHead head = new DiffusionHead(bundle);
                NDScope ignored = new NDScope()) {
            NDManager m = bundle.manager();
            int d = bundle.config().hiddenSize();
            List<NDArray> inputs = new ArrayList<>(); // each [T, d]
            List<NDArray> cachedOut = new ArrayList<>();
            try (KvCache cache = model.newCache(128, 2)) {
                cache.allocate();
                cache.allocate(); // slot 1: not a prefix, exercises the gather path
                int slot = 1;
                int len = 0;
                NDArray prompt = model.embed(m.create(new long[] {5, 17, 40, 3, 99, 250, 7}));
                len = feed(model, cache, slot, len, prompt, inputs, cachedOut);
                NDArray last = cachedOut.get(cachedOut.size() - 1);
                for (int i = 0; i < 3; i++) { // latent steps: the last hidden state is the next input
                    len = feed(model, cache, slot, len, last, inputs, cachedOut);
                    last = cachedOut.get(cachedOut.size() - 1);
                }
                for (long tok : new long[] {11, 12}) {
                    len = feed(model, cache, slot, len, model.embed(m.create(new long[] {tok})), inputs, cachedOut);
                }
                float[][] sketch = head.sample(new float[][] {last.toFloatArray()}, new long[] {3});
                NDArray chunk = m.create(sketch[0], new Shape(head.numLatents(), d));
                len = feed(model, cache, slot, len, chunk, inputs, cachedOut);
                feed(model, cache, slot, len, model.embed(m.create(new long[] {42})), inputs, cachedOut);
            }
            NDArray all = concat(inputs);
            NDArray cached = concat(cachedOut);
            try (KvCache fresh = model.newCache(128, 1)) {
                fresh.allocate();
                NDArray full = model.forward(all.expandDims(0), fresh, new int[] {0}, new int[] {0})
                        .get(0);
                double diff = full.sub(cached).abs().max().getFloat();
                assertTrue(diff <= 1e-4, "max abs difference " + diff);
            }
        }
    }

    private static int feed(
            LanguageModel model,
            KvCache cache,
            int slot,
            int len,
            NDArray rows,
            List<NDArray> inputs,
            List<NDArray> outputs) {
        long t = rows.getShape().get(0);
        NDArray out = model.forward(rows.reshape(1, t, -1), cache, new int[] {slot}, new int[] {len})
                .get(0);
        inputs.add(rows);
        for (int i = 0; i < t; i++) {
            outputs.add(out.get(i).expandDims(0));
        }
        return len + (int) t;
    }

    private static NDArray concat(List<NDArray> parts) {
        return ai.djl.ndarray.NDArrays.concat(new NDList(parts), 0);
    }
}
