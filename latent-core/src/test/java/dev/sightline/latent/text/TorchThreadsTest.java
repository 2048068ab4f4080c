package dev.sightline.latent.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class TorchThreadsTest {
    @Test
    void aSwitchOnOneThreadDoesNotHideAnotherThreadsSetting() throws Exception {
        Engine.getEngine("PyTorch"); // loads libtorch before TorchThreads reads its default
        // With a ceiling of one (one core, or -Dsightline.torch.threads=1) both counts are 1: nothing to tell apart.
        assumeTrue(TorchThreads.ceiling() > 1, "needs a ceiling above one thread");
        int wide = TorchThreads.SINGLE_THREAD_ROWS + 1;
        var a = Executors.newSingleThreadExecutor();
        var b = Executors.newSingleThreadExecutor();
        try {
            assertEquals(
                    1,
                    a.submit(() -> {
                                TorchThreads.forRows(1);
                                return JniUtils.getNumThreads();
                            })
                            .get());
            b.submit(() -> TorchThreads.forRows(wide)).get();
            // Thread a still runs with one: b's switch to the ceiling was b's alone, so a must set it itself.
            assertEquals(
                    TorchThreads.ceiling(),
                    a.submit(() -> {
                                TorchThreads.forRows(wide);
                                return JniUtils.getNumThreads();
                            })
                            .get());
            assertEquals(
                    1,
                    b.submit(() -> {
                                TorchThreads.forRows(1);
                                return JniUtils.getNumThreads();
                            })
                            .get());
        } finally {
            a.shutdownNow();
            b.shutdownNow();
        }
    }
}
