package dev.sightline.gateway.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.contracts.RedisKeys;
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
    private static TaskSubmission submission(TestRedis r, EventPublisher publisher) {
        return new TaskSubmission(
                r.properties, r.store, publisher, new SimpleMeterRegistry(), new CachedEncoder(r.redis, r.properties));
    }

    private static TaskSubmission.Accepted accepted(TaskSubmission submission) throws Exception {
        var png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png);
        var request = new SubmitTaskRequest(
                "How many red objects can you see?", null, "text", 0, null, 4, null, null, null, null, null, null);
        return submission.validate(request, List.of(png.toByteArray()));
    }

    @Test
    void aQuestionIsTextWithoutControlCharactersOrHalfASurrogatePair() {
        assertEquals(-1, TaskSubmission.firstNonText("Which is closer:\tthe 🟥 cube\r\nor the sphere?"));
        assertEquals(5, TaskSubmission.firstNonText("where\u0000is it"));
        assertEquals(3, TaskSubmission.firstNonText("abc\u0085"), "a C1 control");
        assertEquals(1, TaskSubmission.firstNonText("a\ud83d?"), "a high surrogate alone");
        assertEquals(0, TaskSubmission.firstNonText("\ude00a"), "a low surrogate alone");
        assertEquals(1, TaskSubmission.firstNonText("a\ud83d"), "a high surrogate at the end");
    }

    @Test
    void aRetryWhileTheFirstRequestIsStillBeingAcceptedGets409InProgressWithRetryAfter() throws Exception {
        try (TestRedis r = new TestRedis();
                EventPublisher publisher = TestPublishers.unreachableBroker()) {
            var submission = submission(r, publisher);
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
    void aClaimedKeyIsHeldBrieflyUntilItsTaskIsRecordedThenForTheRetention() throws Exception {
        try (TestRedis r = new TestRedis()) {
            // a gateway that dies after its claim leaves the key free again soon, not after the 24 h retention
            r.store.claimIdempotencyKey("demo", "key-3", "fp", "task-3");
            long claimTtl = r.redis.getExpire("idem:demo:key-3");
            assertTrue(claimTtl > 0 && claimTtl <= TaskStore.IDEMPOTENCY_CLAIM.toSeconds(), "claim TTL " + claimTtl);
            r.store.create(
                    "task-3",
                    "demo",
                    "q",
                    "text",
                    Instant.now().plus(Duration.ofMinutes(1)),
                    Map.of(),
                    "key-3",
                    TaskStore.FeatureCheck.NONE);
            long keptTtl = r.redis.getExpire("idem:demo:key-3");
            assertTrue(keptTtl > TaskStore.IDEMPOTENCY_CLAIM.toSeconds(), "kept TTL " + keptTtl);
            assertTrue(keptTtl <= r.properties.retention().toSeconds(), "kept TTL " + keptTtl);
            // a claim that lapsed and was taken by another request is not this task's to extend
            r.store.claimIdempotencyKey("demo", "key-5", "fp", "task-other");
            r.store.create(
                    "task-5",
                    "demo",
                    "q",
                    "text",
                    Instant.now().plus(Duration.ofMinutes(1)),
                    Map.of(),
                    "key-5",
                    TaskStore.FeatureCheck.NONE);
            long otherTtl = r.redis.getExpire("idem:demo:key-5");
            assertTrue(otherTtl <= TaskStore.IDEMPOTENCY_CLAIM.toSeconds(), "the other's claim TTL " + otherTtl);
        }
    }

    @Test
    void aSubmissionWhoseTaskCannotBeRecordedReleasesItsKey() throws Exception {
        try (TestRedis r = new TestRedis();
                EventPublisher publisher = TestPublishers.unreachableBroker()) {
            var submission = submission(r, publisher);
            var a = accepted(submission);
            // the deadline index of the wrong type: the task's write fails (WRONGTYPE) after the key is claimed
            r.redis.opsForValue().set(DeadlineIndex.KEY, "not a sorted set");
            assertThrows(RuntimeException.class, () -> submission.submit("demo", a, "key-4"));
            assertFalse(r.redis.hasKey("idem:demo:key-4"), "the key is free for the client's retry");
        }
    }

    @Test
    void aTaskNoRecordOfWhichLeftIsFailedAndAnswered503WithItsIdAndNothingToWithdraw() throws Exception {
        try (TestRedis r = new TestRedis();
                EventPublisher publisher = TestPublishers.unreachableBroker()) {
            var submission = submission(r, publisher);
            var e = assertThrows(
                    ErrorResponseException.class, () -> submission.submit("demo", accepted(submission), "key-6"));
            assertEquals(503, e.getStatusCode().value());
            String taskId = (String) e.getBody().getProperties().get("task_id");
            assertTrue(
                    e.getBody().getDetail().contains("could not enqueue task " + taskId),
                    e.getBody().getDetail());
            assertEquals("FAILED", r.store.get(taskId).get("status"));
            assertTrue(r.store.get(taskId).get("error").startsWith("could not enqueue"));
            assertFalse(r.redis.hasKey("idem:demo:key-6"), "the key is free for the client's retry");
            // neither record left: no reasoner can be given the task, so it is not marked cancelled
            assertFalse(r.redis.hasKey(RedisKeys.cancelled(taskId)));
        }
    }
}
