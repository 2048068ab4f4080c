package dev.sightline.gateway.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sightline.contracts.RedisKeys;
import dev.sightline.contracts.task.TaskResult;
import dev.sightline.gateway.TestRedis;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenTasksByStateTest {
    @Test
    void countsOpenTasksByStateAndNotTheEndedOnes() throws Exception {
        try (TestRedis r = new TestRedis()) {
            Instant later = Instant.now().plusSeconds(60);
            for (String id : new String[] {"q1", "q2", "r1", "done"}) {
                r.store.create(id, "demo", "q?", "text", later, Map.of());
            }
            r.redis.opsForHash().put(RedisKeys.task("r1"), "status", "RUNNING");
            r.store.finish("done", "demo", TaskResult.failed("test", "ended"));
            assertArrayEquals(new long[] {2, 1}, r.store.openByStatus());
            var gauges = new OpenTasksByState(r.store);
            assertEquals(2, gauges.queued());
            assertEquals(1, gauges.running());
        }
    }

    @Test
    void aStoreThatCannotBeReadReportsNoSampleInsteadOfFailingTheScrape() throws Exception {
        TestRedis r = new TestRedis();
        r.close();
        var gauges = new OpenTasksByState(r.store);
        assertEquals(Double.NaN, gauges.queued());
    }
}
