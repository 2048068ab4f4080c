package dev.sightline.latent.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sightline.latent.TinyBundles;
import dev.sightline.latent.bundle.ModelBundle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DdimSamplerTest {
    @Test
    void callsTheDenoiserExactlyOncePerStepOnDescendingTimesteps() {
        for (int steps : new int[] {1, 5, 20}) {
            DdimSampler sampler = new DdimSampler(1000, steps);
            AtomicInteger calls = new AtomicInteger();
            int[] seen = new int[steps];
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                sampler.sample(m.ones(new Shape(2, 4)), (x, t) -> {
                    seen[calls.getAndIncrement()] = t;
                    return x.mul(0.1f);
                });
            }
            assertEquals(steps, calls.get());
            assertEquals(999, seen[0]);
            for (int i = 1; i < steps; i++) {
                assertTrue(seen[i] < seen[i - 1]);
            }
            assertArrayEquals(sampler.timesteps(), seen);
        }
    }

    @Test
    void cosineScheduleGoesFromSignalToNoise() {
        DdimSampler s = new DdimSampler(1000, 20);
        assertTrue(s.alphaBar(0) > 0.99);
        assertTrue(s.alphaBar(999) < 0.01);
    }

    @Test
    void theDiffusionHeadIsDeterministicForASeedAndCallsItsDenoiserTTimes() {
        try (ModelBundle bundle = TinyBundles.loadTiny();
                DiffusionHead head = new DiffusionHead(bundle)) {
            int d = bundle.config().hiddenSize();
            float[][] cond = {new float[d], new float[d]};
            Arrays.fill(cond[0], 0.5f);
            Arrays.fill(cond[1], -0.3f);
            float[][] a = head.sample(cond, new long[] {1, 2});
            float[][] b = head.sample(cond, new long[] {1, 2});
            float[][] c = head.sample(cond, new long[] {9, 2});
            assertEquals(head.numLatents() * d, a[0].length);
            assertArrayEquals(a[0], b[0]);
            assertArrayEquals(a[1], b[1]);
            assertFalse(Arrays.equals(a[0], c[0]));
            AtomicInteger calls = new AtomicInteger();
            NDManager m = bundle.manager();
            try (NDArray condRows = head.conditioning(m.create(cond[0], new Shape(1, d)));
                    NDArray noise = m.randomNormal(new Shape(head.numLatents(), d))) {
                head.sampler().sample(noise, (x, t) -> {
                    calls.incrementAndGet();
                    return head.predictNoise(x, t, condRows);
                });
            }
            assertEquals(bundle.config().sketch().numInferenceSteps(), calls.get());
        }
    }
}
