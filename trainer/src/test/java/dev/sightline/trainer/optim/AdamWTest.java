package dev.sightline.trainer.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.sightline.latent.bundle.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {
    @Test
    void minimizesAQuadratic() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray p = m.create(new float[] {3f, -2f});
            try (AdamW opt =
                    new AdamW(m, List.of(new AdamW.Group("p", Map.of("p", p), 1, false)), 0.9, 0.999, 1e-8, 0)) {
                for (int i = 0; i < 300; i++) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(p.square().sum());
                    }
                    opt.step(0.05);
                }
                assertEquals(300, opt.stepCount());
            }
            assertTrue(
                    p.abs().max().getFloat() < 0.05, "not minimized: " + java.util.Arrays.toString(p.toFloatArray()));
        }
    }

    @Test
    void aCheckpointKeepsTheCountOfAppliedStepsNotTheRunsSteps() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray p = m.create(new float[] {1f, -1f});
            var group = List.of(new AdamW.Group("p", Map.of("p", p), 1, false));
            Path file = Files.createTempFile("adamw-", ".safetensors");
            try (AdamW opt = new AdamW(m, group, 0.9, 0.999, 1e-8, 0)) {
                for (int i = 0; i < 3; i++) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(p.square().sum());
                    }
                    if (i == 1) {
                        opt.zeroGradients(); // a skipped update: the run advances, Adam's count does not
                    } else {
                        opt.step(0.01);
                    }
                }
                Safetensors.write(file, opt.state());
            }
            try (AdamW resumed = new AdamW(m, group, 0.9, 0.999, 1e-8, 0);
                    NDManager saved = m.newSubManager()) {
                resumed.restore(Safetensors.read(file, saved), 3);
                assertEquals(2, resumed.stepCount());
            } finally {
                Files.delete(file);
            }
        }
    }

    @Test
    void aDroppedSampleLeavesOnlyTheKeptSamplesMeanGradient() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray p = m.create(new float[] {1f, 2f});
            try (AdamW opt =
                    new AdamW(m, List.of(new AdamW.Group("p", Map.of("p", p), 1, false)), 0.9, 0.999, 1e-8, 0)) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    // a batch of 3, each sample's loss divided by 3 as the trainer does
                    gc.backward(p.mul(3f).sum().div(3f)); // sample 1: gradient [3, 3], [1, 1] after the division
                    assertEquals(Math.sqrt(2), opt.gradientNorm(), 1e-6);
                    try (NDScope sample = new NDScope()) {
                        opt.keepGradients(); // as the trainer calls it: the kept sum must outlive the sample's scope
                    }
                    gc.backward(p.square().mul(1e30f).sum()); // sample 2: overflows
                    assertTrue(!Double.isFinite(opt.gradientNorm()));
                    opt.zeroGradients();
                    gc.backward(p.mul(6f).sum().div(3f)); // sample 3: gradient [6, 6]
                    opt.keepGradients();
                }
                assertEquals(0, opt.gradientNorm(), "kept gradients are held aside until restored");
                opt.restoreKept(3f / 2);
                // the two kept samples' mean gradient, as if the batch had been those two
                assertEquals(4.5f, p.getGradient().getFloat(0), 1e-6);
                assertEquals(4.5f, p.getGradient().getFloat(1), 1e-6);
                opt.restoreKept(1f);
                assertEquals(0, opt.gradientNorm(), "restoring empties the kept sum for the next batch");
            }
        }
    }

    @Test
    void weightDecayIsDecoupledFromTheGradient() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray p = m.create(new float[] {2f, -4f});
            try (AdamW opt =
                    new AdamW(m, List.of(new AdamW.Group("p", Map.of("p", p), 1, true)), 0.9, 0.999, 1e-8, 0.1)) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(p.mul(0f).sum()); // zero gradient: only the decay can move p
                }
                opt.step(0.5);
            }
            // p *= 1 - lr * wd, whatever the (zero) gradient's Adam statistics.
            assertEquals(1.9f, p.getFloat(0), 1e-6);
            assertEquals(-3.8f, p.getFloat(1), 1e-6);
        }
    }

    @Test
    void clippingScalesTheGlobalNormDown() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray p = m.create(new float[] {3f, 4f});
            try (AdamW opt =
                    new AdamW(m, List.of(new AdamW.Group("p", Map.of("p", p), 1, false)), 0.9, 0.999, 1e-8, 0)) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(p.square().sum().div(2f)); // gradient = p, norm 5
                }
                assertEquals(5.0, opt.clipGradients(1.0), 1e-5);
                assertEquals(1.0, Math.sqrt(p.getGradient().square().sum().getFloat()), 1e-4);
            }
        }
    }

    @Test
    void learningRateWarmsUpThenDecaysToTheFloor() {
        LearningRate lr = new LearningRate(1e-3, 10, 100, 0.1);
        assertTrue(lr.at(0) < lr.at(5));
        assertEquals(1e-3, lr.at(9), 1e-12);
        assertTrue(lr.at(50) < lr.at(20));
        assertEquals(1e-4, lr.at(100), 1e-12);
    }
}
