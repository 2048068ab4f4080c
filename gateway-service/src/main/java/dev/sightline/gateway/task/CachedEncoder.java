package dev.sightline.gateway.task;

import dev.sightline.contracts.RedisKeys;
import dev.sightline.contracts.task.EncoderDescriptor;
import dev.sightline.gateway.GatewayProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The running vision encoder as it announces itself in Redis, re-read at most every {@link #FRESH}: which
 * feature keys a submission's frames would have, so the gateway can ask in its own round trip whether all are
 * cached and, if so, spare the task the encoder's hop. Empty when the encoder has not announced itself (not
 * running, or its announcement ran out) or the shortcut is switched off.
 */
@Component
class CachedEncoder {
    private static final Logger log = LoggerFactory.getLogger(CachedEncoder.class);
    /** Short beside the announcement's expiry, so an encoder that changed its tower is seen within seconds. */
    static final Duration FRESH = Duration.ofSeconds(5);

    private final StringRedisTemplate redis;
    private final boolean enabled;
    private volatile EncoderDescriptor descriptor;
    private volatile long readAt = Long.MIN_VALUE;

    CachedEncoder(StringRedisTemplate redis, GatewayProperties properties) {
        this.redis = redis;
        this.enabled = properties.encodeCachedTasks();
    }

    /** The encoder that would encode {@code digests}, or null when the gateway cannot stand in for it. */
    EncoderDescriptor forFrames(List<String> digests) {
        if (!enabled) {
            return null;
        }
        long now = System.nanoTime();
        if (readAt == Long.MIN_VALUE || now - readAt > FRESH.toNanos()) {
            descriptor = read();
            readAt = now;
        }
        EncoderDescriptor d = descriptor;
        return d != null && digests.size() <= d.maxFrames() ? d : null;
    }

    private EncoderDescriptor read() {
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            redis.opsForHash().entries(RedisKeys.ENCODER).forEach((k, v) -> fields.put((String) k, (String) v));
            return EncoderDescriptor.fromFields(fields);
        } catch (DataAccessException e) {
            log.debug("could not read the encoder's announcement: {}", e.getMessage());
            return null;
        }
    }
}
