package dev.sightline.gateway.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sightline.contracts.RedisKeys;
import dev.sightline.contracts.task.TaskResult;
import dev.sightline.gateway.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
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
            var meters = new SimpleMeterRegistry();
            var gauges = new OpenTasksByState(r.redis, r.deadlines, meters);
            assertArrayEquals(new long[] {2, 1}, gauges.read());
            assertEquals(2, gauges.queued());
            assertEquals(1, gauges.running());
            assertEquals(3.0, meters.get("sightline.tasks.open").gauge().value());
        }
    }

    @Test
    void aStoreThatCannotBeReadReportsNoSampleInsteadOfFailingTheScrape() throws Exception {
        TestRedis r = new TestRedis();
        r.close();
        var gauges = new OpenTasksByState(r.redis, r.deadlines, new SimpleMeterRegistry());
        assertEquals(Double.NaN, gauges.queued());
    }

    @Test
    void theStateGaugesOutliveAGarbageCollection() throws Exception {
        try (TestRedis r = new TestRedis()) {
            var meters = new SimpleMeterRegistry();
            new OpenTasksByState(r.redis, r.deadlines, meters);
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
