package dev.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.sightline.trainer.optim.AdamW;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleScreenTest {
    @Test
    void aSpikingOrOverflowingSampleIsDroppedAndTheOthersKept() {
        var out = new ByteArrayOutputStream();
        var screen = new SampleScreen(50, new PrintStream(out, true, StandardCharsets.UTF_8), new double[0]);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray p = m.create(new float[] {1f, 1f});
            try (AdamW opt =
                    new AdamW(m, List.of(new AdamW.Group("p", Map.of("p", p), 1, false)), 0.9, 0.999, 1e-8, 0)) {
                float[] scales = {1, 2, 1, 2, 1000, 1, Float.MAX_VALUE};
                boolean[] kept = new boolean[scales.length];
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    for (int i = 0; i < scales.length; i++) {
                        gc.backward(p.square().sum().mul(scales[i])); // gradient 2 * scale per element
                        kept[i] = screen.keep(1, "sample " + i, opt, null);
                    }
                }
                assertTrue(kept[0] && kept[1] && kept[2] && kept[3] && kept[5]);
                assertFalse(kept[4], "1000x the median of the kept samples is a spike");
                assertFalse(kept[6], "an overflowing gradient is never kept");
                assertEquals(0, opt.gradientNorm(), "kept gradients wait in the kept sum, dropped ones are gone");
                opt.restoreKept(1f);
                // kept: 1 + 2 + 1 + 2 + 1 = 7 times the gradient 2
                assertEquals(14f, p.getGradient().getFloat(0), 1e-4);
            }
        }
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("sample 4 dropped"), log);
        assertTrue(log.contains("sample 6 dropped (gradient norm Infinity; 2 dropped so far)"), log);
    }
}
