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
}
