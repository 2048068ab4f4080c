package dev.sightline.gateway.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.contracts.RedisKeys;
import dev.sightline.contracts.task.TaskResult;
import dev.sightline.gateway.TestRedis;
import dev.sightline.kit.testing.EmbeddedRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How a task's first step and its result reach Redis and its held requests, against a real Redis. */
class TaskEndingsTest {
    private static TestRedis r;

    @BeforeAll
    static void startRedis() {
        r = new TestRedis();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        r.close();
    }

    @Test
    void everyRecordingOfAResultAnswersWithTheTerminalHashAndOnlyTheFirstEndsTheTask() {
        r.store.create("ends-1", "demo", "q?", "text", Instant.now().plusSeconds(60), Map.of());
        var first = r.store.finish(List.of(new TaskStore.Ending("ends-1", "demo", TaskResult.failed("x", "first"))));
        var again = r.store.finish(List.of(new TaskStore.Ending("ends-1", "demo", TaskResult.failed("x", "second"))));
        assertTrue(first.get(0).changed());
        assertFalse(again.get(0).changed(), "a second result changed a task that had ended");
        for (var e : List.of(first.get(0), again.get(0))) {
            assertEquals("ends-1", e.taskId());
            assertEquals("FAILED", e.task().get("status"));
            assertEquals("first", e.task().get("error"), "the first terminal result wins");
            assertEquals("q?", e.task().get("question"), "the reply carries the whole hash");
            assertNotNull(e.createdAt());
        }
        assertEquals(r.store.get("ends-1"), first.get(0).task());
    }

    @Test
    void aTasksStepsExpireWithItsHashNotATaskRunningTimeBeforeIt() {
        r.store.create("ends-2", "demo", "q?", "text", Instant.now().plusSeconds(60), Map.of());
        r.store.appendSteps(List.of(new TaskStore.StepRow("ends-2", 0, "{\"seq\":0}")));
        // the first step set the steps' expiry; the task then ran for a while
        r.redis.expire(RedisKeys.steps("ends-2"), Duration.ofSeconds(30));
        r.store.finish(List.of(new TaskStore.Ending("ends-2", "demo", TaskResult.failed("x", "done"))));
        long task = r.redis.getExpire(RedisKeys.task("ends-2"));
        long steps = r.redis.getExpire(RedisKeys.steps("ends-2"));
        assertTrue(task > 30 && Math.abs(task - steps) <= 1, "task TTL " + task + " s, its steps' " + steps + " s");
    }

    @Test
    void aHeldRequestIsAnsweredFromTheReplyThatRecordedTheResultWithoutReadingTheTaskAgain() throws Exception {
        var written =
                r.store.create("held-1", "demo", "q?", "text", Instant.now().plusSeconds(60), Map.of());
        var waits = new TaskWaits(r.store);
        long readsBefore = EmbeddedRedis.calls(r.redis, "hgetall");
        var answer = waits.untilEnded("held-1", written);
        assertFalse(answer.isDone(), "an open task answered the held request");
        waits.ended(r.store.finish(List.of(new TaskStore.Ending("held-1", "demo", TaskResult.failed("x", "done")))));
        assertTrue(answer.isDone());
        assertEquals("FAILED", answer.get().get("status"));
        // one HGETALL: the recording script's own (Redis counts commands run inside scripts too)
        assertEquals(readsBefore + 1, EmbeddedRedis.calls(r.redis, "hgetall"), "the task's hash was read again");
        assertFalse(waits.waiting("held-1"), "an answered request is still held");
    }

    @Test
    void aTasksFirstStepMovesItToRunningButNeverMovesAnEndedTaskBack() {
        Instant later = Instant.now().plusSeconds(60);
        r.store.create("run-1", "demo", "q?", "text", later, Map.of());
        r.store.create("run-2", "demo", "q?", "text", later, Map.of());
        r.store.finish("run-2", "demo", TaskResult.failed("x", "cancelled before it ran"));
        r.store.appendSteps(List.of(
                new TaskStore.StepRow("run-1", 0, "{\"seq\":0}"),
                new TaskStore.StepRow("run-1", 1, "{\"seq\":1}"),
                new TaskStore.StepRow("run-2", 0, "{\"seq\":0}")));
        assertEquals("RUNNING", r.store.get("run-1").get("status"));
        assertNotNull(r.store.get("run-1").get("started_at"));
        assertEquals("FAILED", r.store.get("run-2").get("status"));
        assertEquals(List.of("{\"seq\":0}", "{\"seq\":1}"), r.store.steps("run-1", 0, 5));
    }
}
