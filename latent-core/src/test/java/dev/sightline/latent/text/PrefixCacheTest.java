package dev.sightline.latent.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class PrefixCacheTest {
    // 2 layers, 2 kv heads, head_dim 4, 8 positions a slot: a slot is 2 heads * 8 rows of each layer's tensors.
    private static final int LAYERS = 2;
    private static final int HEADS = 2;
    private static final int HEAD_DIM = 4;
    private static final int MAX_LEN = 8;

    @Test
    void aRestoredPrefixHoldsExactlyTheSavedPositionsOfEveryHeadAndLayer() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                KvCache cache = new KvCache(m, LAYERS, HEADS, HEAD_DIM, MAX_LEN, 2);
                PrefixCache prefixes = new PrefixCache(m, 1 << 20)) {
            int from = cache.allocate();
            int to = cache.allocate();
            fillSlot(m, cache, from, 1);
            prefixes.save("abc", cache, from, 5);
            fillSlot(m, cache, from, 2); // the source changes after the save: the entry is a copy
            assertEquals(5, prefixes.restore("abc", cache, to));
            int rows = HEADS * MAX_LEN;
            for (int l = 0; l < LAYERS; l++) {
                float[] keys = cache.keys(l)
                        .get(new NDIndex("{}:{}", to * rows, (to + 1) * rows))
                        .toFloatArray();
                float[] values = cache.values(l)
                        .get(new NDIndex("{}:{}", to * rows, (to + 1) * rows))
                        .toFloatArray();
                for (int g = 0; g < HEADS; g++) {
                    for (int t = 0; t < MAX_LEN; t++) {
                        for (int c = 0; c < HEAD_DIM; c++) {
                            int i = (g * MAX_LEN + t) * HEAD_DIM + c;
                            // Saved positions carry the first fill's value; the rest stay zero (a fresh slot).
                            float want = t < 5 ? value(1, from, l, g, t, c) : 0f;
                            assertEquals(want, keys[i], "key l" + l + " g" + g + " t" + t);
                            assertEquals(0f - want, values[i], "value l" + l + " g" + g + " t" + t);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theLeastRecentlyUsedEntryIsEvictedToStayWithinTheBudget() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                KvCache cache = new KvCache(m, LAYERS, HEADS, HEAD_DIM, MAX_LEN, 2)) {
            int slot = cache.allocate();
            long four = cache.prefixBytes(4);
            assertEquals(2L * LAYERS * HEADS * 4 * HEAD_DIM * Float.BYTES, four);
            try (PrefixCache prefixes = new PrefixCache(m, 2 * four)) {
                prefixes.save("a", cache, slot, 4);
                prefixes.save("b", cache, slot, 4);
                assertEquals(4, prefixes.restore("a", cache, slot)); // "a" is now more recent than "b"
                prefixes.save("c", cache, slot, 4);
                assertTrue(prefixes.contains("a") && prefixes.contains("c"));
                assertEquals(0, prefixes.restore("b", cache, slot), "b was the least recently used");
                assertEquals(2 * four, prefixes.bytes());
                prefixes.save("whole", cache, slot, MAX_LEN); // twice four: evicts both
                assertEquals(1, prefixes.size());
                assertEquals(2 * four, prefixes.bytes());
            }
            try (PrefixCache tiny = new PrefixCache(m, four - 1)) {
                tiny.save("a", cache, slot, 4);
                assertEquals(0, tiny.size(), "a copy larger than the whole budget is not kept");
            }
        }
    }

    private static float value(int fill, int slot, int l, int g, int t, int c) {
        return fill * 1000 + slot * 100 + l * 40 + g * 16 + t * 2 + c * 0.25f;
    }

    /** Writes a distinct value into every position of every head and layer of {@code slot}. */
    private static void fillSlot(NDManager m, KvCache cache, int slot, int fill) {
        for (int l = 0; l < LAYERS; l++) {
            float[] k = new float[HEADS * MAX_LEN * HEAD_DIM];
            for (int g = 0; g < HEADS; g++) {
                for (int t = 0; t < MAX_LEN; t++) {
                    for (int c = 0; c < HEAD_DIM; c++) {
                        k[(g * MAX_LEN + t) * HEAD_DIM + c] = value(fill, slot, l, g, t, c);
                    }
                }
            }
            NDIndex rows = new NDIndex("{}:{}", slot * HEADS * MAX_LEN, (slot + 1) * HEADS * MAX_LEN);
            Shape shape = new Shape(HEADS * MAX_LEN, HEAD_DIM);
            cache.keys(l).set(rows, m.create(k, shape));
            cache.values(l).set(rows, m.create(k, shape).neg());
        }
    }
}
