package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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

        awaitSketchesAgain(22);
    }

    @Test
    void decoderStoppedMidTaskDegradesTheRestOfThatTask() throws Exception {
        // A long task that sketches again and again; the decoder goes down once its first sketch has streamed,
        // so the same task has sketches from before the outage and skipped ones after it. The margin is wide: a
        // run on the 2-core machine streamed 2 sketches before the stop took effect and ~100 sketch steps after.
        var body = sketchTask(30);
        body.put("max_tokens", 256);
        var task = client.submit(body);
        String id = task.get("id").asString();
        List<JsonNode> steps = new CopyOnWriteArrayList<>();
        Thread stopper = new Thread(() -> TestPlatform.get().stop("diffusion-decoder"), "stop-decoder");
        JsonNode result;
        try {
            result = client.follow(id, e -> {
                if (e.name().equals("step")) {
                    steps.add(e.data());
                    if (e.data().get("kind").asString().equals("SKETCH") && stopper.getState() == Thread.State.NEW) {
                        stopper.start(); // not on the stream's thread: the stream keeps reading while it stops
                    }
                }
            });
        } finally {
            if (stopper.getState() != Thread.State.NEW) {
                stopper.join();
                TestPlatform.get().restart("diffusion-decoder");
            }
        }
        assertEquals("COMPLETED", result.get("status").asString(), result.toString());
        List<String> kinds = steps.stream().map(st -> st.get("kind").asString()).toList();
        int firstSkipped = kinds.indexOf("SKETCH_SKIPPED");
        assertTrue(kinds.indexOf("SKETCH") >= 0 && firstSkipped > kinds.indexOf("SKETCH"), kinds.toString());
        assertEquals(
                -1,
                kinds.subList(firstSkipped, kinds.size()).indexOf("SKETCH"),
                "no sketch after the outage: " + kinds);
        assertTrue(result.get("degraded").asBoolean(), result.toString());

        awaitSketchesAgain(31);
    }

    /** The circuit half-opens after its wait and the first trial call closes it: tasks sketch again. */
    private void awaitSketchesAgain(long firstImage) throws Exception {
        TestPlatform.Followed back = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            Thread.sleep(1000);
            back = TestPlatform.run(client, sketchTask(firstImage + attempt));
            if (back.count("SKETCH") > 0 && !back.result().get("degraded").asBoolean()) {
                break;
            }
        }
        assertTrue(back.count("SKETCH") > 0, back.steps().toString());
        assertFalse(back.result().get("degraded").asBoolean());
    }

    @Test
    void aDecoderThatHangsIsTimedOutAndTheTaskStillCompletesDegraded() throws Exception {
        // Something that accepts on the decoder's port and never answers: only the time limiter ends the call.
        int port = URI.create(TestPlatform.get().url("diffusion-decoder")).getPort();
        TestPlatform.get().stop("diffusion-decoder");
        List<Socket> held = new CopyOnWriteArrayList<>(); // the acceptor adds, this thread closes
        try (var hung = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!hung.isClosed()) {
                    try {
                        held.add(hung.accept());
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long t0 = System.nanoTime();
            var degraded = TestPlatform.run(client, sketchTask(40));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(
                    "COMPLETED",
                    degraded.result().get("status").asString(),
                    degraded.result().toString());
            assertTrue(degraded.result().get("degraded").asBoolean());
            var skipped = degraded.steps().stream()
                    .filter(st -> st.get("kind").asString().equals("SKETCH_SKIPPED"))
                    .toList();
            assertFalse(skipped.isEmpty(), degraded.steps().toString());
            // the limiter (an attempt's whole call) ends it, not the HTTP client's read timeout behind it
            assertTrue(
                    skipped.get(0).get("text").asString().contains("TimeLimiter 'decoder'"),
                    "why it was skipped: " + skipped.get(0));
            assertTrue(seconds < 30, "the hung decoder did not hold the task: " + seconds + " s");
        } finally {
            for (Socket s : held) {
                s.close();
            }
            TestPlatform.get().restart("diffusion-decoder");
        }
        // the timeouts opened the circuit: leave the platform sketching for the tests after this one
        awaitSketchesAgain(41);
    }
}
