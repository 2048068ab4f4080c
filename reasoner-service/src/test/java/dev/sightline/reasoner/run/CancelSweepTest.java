package dev.sightline.reasoner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sightline.contracts.RedisKeys;
import dev.sightline.kit.testing.EmbeddedRedis;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Cancellations the subscriber missed, found from their marks, against a real Redis. */
class CancelSweepTest {
    @Test
    void aRunningTaskWhoseCancelMessageWasMissedIsCancelledFromItsMark() throws Exception {
        try (EmbeddedRedis server = new EmbeddedRedis()) {
            var redis = server.template();
            // the gateway set t-2's mark; its message went out while this replica's subscription was down
            redis.opsForValue().set(RedisKeys.cancelled("t-2"), "1");
            redis.opsForValue().set(RedisKeys.cancelled("t-9"), "1"); // a task not running here
            List<String> cancelled = new CopyOnWriteArrayList<>();
            new CancelSweep(redis, () -> List.of("t-1", "t-2", "t-3"), cancelled::add).sweep();
            assertEquals(List.of("t-2"), cancelled);
        }
    }

    @Test
    void anIdleReplicaAsksRedisNothing() throws Exception {
        try (EmbeddedRedis server = new EmbeddedRedis()) {
            var redis = server.template();
            long before = EmbeddedRedis.calls(redis, "exists");
            new CancelSweep(redis, List::of, id -> {}).sweep();
            assertEquals(before, EmbeddedRedis.calls(redis, "exists"));
        }
    }
}
