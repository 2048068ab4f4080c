package dev.sightline.kit;

import java.time.Duration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Which events a consumer group has already handled, in Redis (so every replica agrees): check before the
 * work, mark after it succeeded — a failure in between means the retry does the work, never that it is
 * skipped.
 */
public final class ProcessedEvents {
    private final StringRedisTemplate redis;
    private final String consumer;
    private final Duration ttl;

    public ProcessedEvents(StringRedisTemplate redis, String consumer, Duration ttl) {
        this.redis = redis;
        this.consumer = consumer;
        this.ttl = ttl;
    }

    public boolean seen(String eventId) {
        return Boolean.TRUE.equals(redis.hasKey(key(eventId)));
    }

    public void markProcessed(String eventId) {
        redis.opsForValue().set(key(eventId), "1", ttl);
    }

    private String key(String eventId) {
        return "seen:" + consumer + ":" + eventId;
    }
}
