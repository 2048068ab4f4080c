package dev.sightline.encoder;

import dev.sightline.contracts.RedisKeys;
import dev.sightline.contracts.task.EncoderDescriptor;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps this encoder's {@link EncoderDescriptor} in Redis, renewed well inside its expiry, so the gateway can
 * hand tasks whose frames are all cached straight to the reasoner. When the encoder stops, the descriptor is
 * removed (if it is still this encoder's) or runs out, and every task comes through here again.
 */
@Component
class EncoderAnnouncement implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(EncoderAnnouncement.class);
    /** Three renewals' worth: one missed renewal (a long pause) does not turn the gateway's shortcut off. */
    static final Duration EXPIRY = Duration.ofSeconds(30);

    private final StringRedisTemplate redis;
    private final EncoderDescriptor descriptor;

    EncoderAnnouncement(StringRedisTemplate redis, EncoderDescriptor descriptor) {
        this.redis = redis;
        this.descriptor = descriptor;
    }

    @Scheduled(fixedDelay = 10_000)
    void renew() {
        try {
            redis.opsForHash().putAll(RedisKeys.ENCODER, descriptor.toFields());
            redis.expire(RedisKeys.ENCODER, EXPIRY);
        } catch (DataAccessException e) {
            // the shortcut is an optimisation: without it every task takes the encoder's path
            log.warn("could not announce the encoder in Redis: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        try {
            if (descriptor.encoderId().equals(redis.opsForHash().get(RedisKeys.ENCODER, "encoder_id"))) {
                redis.delete(RedisKeys.ENCODER);
            }
        } catch (DataAccessException e) {
            log.debug("could not withdraw the encoder's announcement: {}", e.getMessage());
        }
    }
}
