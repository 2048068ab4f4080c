package dev.sightline.gateway.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sightline.gateway.TestPublishers;
import dev.sightline.gateway.TestRedis;
import dev.sightline.kit.EventPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

/** Submission against a real Redis (its broker unreachable: none of these cases may publish). */
class TaskSubmissionTest {
    private static TaskSubmission.Accepted accepted(TaskSubmission submission) throws Exception {
        var png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png);
        var request = new SubmitTaskRequest(
                "How many red objects can you see?", null, "text", 0, null, 4, null, null, null, null, null, null);
        return submission.validate(request, List.of(png.toByteArray()));
    }

    @Test
    void aRetryWhileTheFirstRequestIsStillBeingAcceptedGets409InProgressWithRetryAfter() throws Exception {
        try (TestRedis r = new TestRedis();
                EventPublisher publisher = TestPublishers.unreachableBroker()) {
            var submission = new TaskSubmission(r.properties, r.store, publisher, new SimpleMeterRegistry());
            var a = accepted(submission);
            // the first request has claimed the key and not yet recorded its task
            r.store.claimIdempotencyKey("demo", "key-1", a.fingerprint(), "first-task");
            var e = assertThrows(ErrorResponseException.class, () -> submission.submit("demo", a, "key-1"));
            assertEquals(409, e.getStatusCode().value());
            assertEquals(
                    "idempotency-key-in-progress",
                    e.getBody().getType().getPath().replaceAll(".*/", ""));
            assertEquals("1", e.getHeaders().getFirst("Retry-After"));
            // holders coming and going: the key names no task, which is in progress too
            r.redis.opsForValue().set("idem:demo:key-2", a.fingerprint() + " ");
            var flapping = assertThrows(ErrorResponseException.class, () -> submission.submit("demo", a, "key-2"));
            assertEquals(409, flapping.getStatusCode().value());
            // once it has, the retry is answered with its task
            r.store.create(
                    "first-task", "demo", a.question(), "text", Instant.now().plus(Duration.ofMinutes(1)), Map.of());
            var replay = submission.submit("demo", a, "key-1");
            assertEquals("first-task", replay.taskId());
            assertFalse(replay.created());
        }
    }

    @Test
    void theStateGaugesOutliveAGarbageCollection() throws Exception {
        try (TestRedis r = new TestRedis();
                EventPublisher publisher = TestPublishers.unreachableBroker()) {
            var meters = new SimpleMeterRegistry();
            new TaskSubmission(r.properties, r.store, publisher, meters);
            r.store.create("open-1", "demo", "q", "text", Instant.now().plus(Duration.ofMinutes(1)), Map.of());
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertEquals(
                    1.0,
                    meters.get("sightline.tasks").tag("state", "QUEUED").gauge().value());
        }
    }
}
