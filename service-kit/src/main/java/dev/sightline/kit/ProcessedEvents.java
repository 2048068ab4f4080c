package dev.sightline.kit;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;

/**
 * Which events a consumer group has already handled, in Redis (so every replica agrees): check before the
 * work, mark after it succeeded — a failure in between means the retry does the work, never that it is
 * skipped. Each call is one pipelined round trip for a whole poll, whatever its size.
 */
public final class ProcessedEvents {
    private static final byte[] ONE = {'1'};

    private final StringRedisTemplate redis;
    private final String consumer;
    private final Duration ttl;

    public ProcessedEvents(StringRedisTemplate redis, String consumer, Duration ttl) {
        this.redis = redis;
        this.consumer = consumer;
        this.ttl = ttl;
    }

    /** The ids among {@code eventIds} already handled. */
    public Set<String> seen(List<String> eventIds) {
        boolean[] found =
                BinaryRedis.exists(redis, eventIds.stream().map(this::key).toList());
        Set<String> out = new HashSet<>();
        for (int i = 0; i < found.length; i++) {
            if (found[i]) {
                out.add(eventIds.get(i));
            }
        }
        return out;
    }

    public void markProcessed(List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        redis.executePipelined((RedisCallback<Object>) c -> {
            for (String id : eventIds) {
                c.stringCommands().set(BinaryRedis.key(key(id)), ONE, Expiration.from(ttl), SetOption.upsert());
            }
            return null;
        });
    }

    private String key(String eventId) {
        return "seen:" + consumer + ":" + eventId;
    }
}
