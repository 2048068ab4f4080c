package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Sketches go over HTTP to the decoder; without it tasks still complete, flagged degraded. */
class DegradedSketchIT {
    private final GatewayClient client = TestPlatform.client();

    /** Mixed mode without forced latent segments: the test model opens a sketch on its own. */
    private tools.jackson.databind.node.ObjectNode sketchTask(long image) {
        var body = TestPlatform.task(client, TestPlatform.png(image), "mixed", 2, 24);
        body.put("latent_before_each_step", false);
        return body;
    }

    @Test
    void decoderDownDegradesTasksAndDecoderBackSketchesAgain() throws Exception {
        var healthy = TestPlatform.run(client, sketchTask(20));
        assertEquals(
                "COMPLETED",
                healthy.result().get("status").asString(),
                healthy.result().toString());
        assertTrue(healthy.count("SKETCH") > 0, "the test model sketches in mixed mode: " + healthy.steps());
        assertFalse(healthy.result().get("degraded").asBoolean());

        TestPlatform.get().stop("diffusion-decoder");
        try {
            var degraded = TestPlatform.run(client, sketchTask(21));
            assertEquals(
                    "COMPLETED",
                    degraded.result().get("status").asString(),
                    degraded.result().toString());
            assertTrue(degraded.count("SKETCH_SKIPPED") > 0, degraded.steps().toString());
            assertEquals(0, degraded.count("SKETCH"));
            assertTrue(degraded.result().get("degraded").asBoolean());
        } finally {
            TestPlatform.get().restart("diffusion-decoder");
        }

        // The circuit half-opens after its wait; the first trial call closes it again.
        TestPlatform.Followed back = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            Thread.sleep(1000);
            back = TestPlatform.run(client, sketchTask(22 + attempt));
            if (back.count("SKETCH") > 0 && !back.result().get("degraded").asBoolean()) {
                break;
            }
        }
        assertTrue(back.count("SKETCH") > 0, back.steps().toString());
        assertFalse(back.result().get("degraded").asBoolean());
    }
}
