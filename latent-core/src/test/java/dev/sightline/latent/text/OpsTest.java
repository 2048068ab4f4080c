package dev.sightline.latent.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpsTest {

    /**
     * The constant of {@link Ops#scale} outlives a garbage collection between forward and backward: the
     * memory of a freed constant is handed out again at once (same size) and filled with 1e30 here.
     */
    @Test
    void aScaledTensorsGradientIsTheFactorEvenAfterAGarbageCollection() throws Exception {
        try (NDManager m = NDManager.newBaseManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector();
                NDScope ignored = new NDScope()) {
            NDArray x = m.create(new float[] {1, 2, 3});
            x.setRequiresGradient(true);
            NDArray y = Ops.scale(x, 3).sum();
            List<ByteBuffer> reuse = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                System.gc();
                Thread.sleep(50);
                for (int i = 0; i < 2000; i++) {
                    reuse.add(ByteBuffer.allocateDirect(4)
                            .order(ByteOrder.nativeOrder())
                            .putFloat(0, 1e30f));
                }
            }
            gc.backward(y);
            float[] grad = x.getGradient().toFloatArray();
            for (float g : grad) {
                assertEquals(3f, g, "the backward read a constant that was freed");
            }
        }
    }
}
