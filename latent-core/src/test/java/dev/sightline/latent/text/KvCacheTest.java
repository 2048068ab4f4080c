package dev.sightline.latent.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.junit.jupiter.api.Test;

class KvCacheTest {
    @Test
    void slotsStayDenseAndAReleasedHoleReceivesTheLastSlotsRows() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                KvCache cache = new KvCache(m, 1, 1, 2, 4, 1)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(i, cache.allocate()); // grows 1 -> 2 -> 4
            }
            cache.keys(0).set(new NDIndex("8:12"), m.arange(8f).reshape(4, 2));
            assertEquals(2, cache.release(0));
            assertEquals(2, cache.size());
            assertArrayEquals(
                    m.arange(8f).toFloatArray(),
                    cache.keys(0).get(new NDIndex("0:4")).toFloatArray());
            assertEquals(-1, cache.release(1));
            assertThrows(IllegalArgumentException.class, () -> cache.release(3));
        }
    }

    @Test
    void aKeysBiasFollowsItsSessionWhenItsSlotMovesAndANewSessionStartsWithoutOne() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
                KvCache cache = new KvCache(m, 1, 1, 2, 4, 1)) {
            cache.allocate();
            cache.allocate();
            // Each session: one unbiased position, then one with a bias of its own.
            cache.slots(new int[] {0, 1}).begin(m, new int[] {0, 0}, 1);
            cache.slots(new int[] {0, 1}, new float[] {-1f, -2f}).begin(m, new int[] {1, 1}, 1);
            assertArrayEquals(new float[] {0, -1f, 0, -2f}, biasOf(cache, m, new int[] {0, 1}, new int[] {2, 2}));

            assertEquals(1, cache.release(0)); // slot 1's session now lives in slot 0
            assertArrayEquals(new float[] {0, -2f}, biasOf(cache, m, new int[] {0}, new int[] {2}));
            assertEquals(1, cache.allocate());
            assertArrayEquals(new float[] {0, 0}, biasOf(cache, m, new int[] {1}, new int[] {2}));
        }
    }

    /** The bias a query after each session's {@code lengths[b]} positions gives its keys, {@code [B, len]}. */
    private static float[] biasOf(KvCache cache, NDManager m, int[] slots, int[] lengths) {
        KeyValueStore view = cache.slots(slots);
        int len = lengths[0];
        view.begin(m, new int[slots.length], 0); // reads without storing
        float[] mask = new float[slots.length * len];
        view.addKeyBias(mask, 1, len);
        return mask;
    }
}
