package dev.sightline.gateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.contracts.task.TaskResult;
import dev.sightline.gateway.TestPublishers;
import dev.sightline.gateway.TestRedis;
import dev.sightline.gateway.task.TaskStore;
import dev.sightline.kit.EventPublisher;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sweeper against a real Redis, with a broker that cannot be reached. */
class DeadlineSweeperTest {
    private static TestRedis redis;
    private static TaskStore store;

    @BeforeAll
    static void startRedis() {
        redis = new TestRedis();
        store = redis.store;
    }

    @AfterAll
    static void stopRedis() throws IOException {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void anOverdueTaskWhoseFailureCannotBeSentStaysInTheIndexToBeClaimedAgain() {
        Instant before = Instant.now();
        store.create("overdue-1", "demo", "q?", "text", before.minusSeconds(1), Map.of());
        store.create("overdue-2", "demo", "q?", "text", before.minusSeconds(1), Map.of());
        try (EventPublisher publisher = TestPublishers.unreachableBroker()) {
            new DeadlineSweeper(store, redis.deadlines, publisher).sweep();
        }
        for (String id : new String[] {"overdue-1", "overdue-2"}) {
            Instant again = redis.deadlines.dueAt(id);
            assertNotNull(again, id + " left the deadline index though its failure was never recorded");
            assertTrue(
                    again.isAfter(before.plus(DeadlineSweeper.LEASE).minusSeconds(1)),
                    id + " is claimed again when its lease runs out, not at once: " + again);
            assertEquals("QUEUED", store.get(id).get("status"));
        }
    }

    @Test
    void aClaimIsExclusiveForItsLease() {
        Instant now = Instant.now();
        store.create("claimed-1", "demo", "q?", "text", now.minusSeconds(1), Map.of());
        assertTrue(redis.deadlines.claimOverdue(now, DeadlineSweeper.LEASE).contains("claimed-1"));
        assertFalse(redis.deadlines.claimOverdue(now, DeadlineSweeper.LEASE).contains("claimed-1"), "another sweep");
        assertTrue(
                redis.deadlines
                        .claimOverdue(now.plus(DeadlineSweeper.LEASE).plusSeconds(1), DeadlineSweeper.LEASE)
                        .contains("claimed-1"),
                "after the lease");
    }

    @Test
    void aTaskThatEndedBeforeItsSweepLeavesTheIndexWithoutAFailure() {
        store.create("ended-1", "demo", "q?", "text", Instant.now().minusSeconds(1), Map.of());
        store.finish("ended-1", "demo", TaskResult.failed("test", "ended on its own"));
        // as if the finish had raced a claim: the task is back in the index though it ended
        redis.redis
                .opsForZSet()
                .add(
                        "sightline:deadlines",
                        "ended-1",
                        Instant.now().minusSeconds(1).toEpochMilli());
        try (EventPublisher publisher = TestPublishers.unreachableBroker()) {
            new DeadlineSweeper(store, redis.deadlines, publisher).sweep();
        }
        assertNull(redis.deadlines.dueAt("ended-1"));
        assertEquals("ended on its own", store.get("ended-1").get("error"));
    }
}
