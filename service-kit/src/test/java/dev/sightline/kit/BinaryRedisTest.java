package dev.sightline.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.kit.testing.EmbeddedRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pipelined key checks the services share, against a real Redis. */
class BinaryRedisTest {
    @Test
    void renewTellsWhichKeysExistAndExtendsOnlyThose() throws Exception {
        try (EmbeddedRedis server = new EmbeddedRedis()) {
            var redis = server.template();
            redis.opsForValue().set("feat:a", "tokens", Duration.ofSeconds(100));
            boolean[] present = BinaryRedis.renew(redis, List.of("feat:a", "feat:b"), Duration.ofDays(1));
            assertArrayEquals(new boolean[] {true, false}, present);
            long ttl = redis.getExpire("feat:a");
            assertTrue(ttl > 86_000, "a cache entry in use is kept the full TTL again: " + ttl);
            assertFalse(redis.hasKey("feat:b"), "nothing is created for a missing key");
        }
    }
}
