package dev.sightline.encoder;

import dev.sightline.contracts.FeatureBytes;
import dev.sightline.contracts.RedisKeys;
import dev.sightline.kit.BinaryRedis;
import java.util.List;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Frames and visual tokens in Redis: image bytes by digest (written by the gateway), visual tokens by encoder
 * identity, digest and frame position, in {@link FeatureBytes}' layout.
 */
@Component
class FeatureCache {
    private final RedisTemplate<String, byte[]> redis;
    private final EncoderProperties properties;

    FeatureCache(RedisTemplate<String, byte[]> bytesRedis, EncoderProperties properties) {
        this.redis = bytesRedis;
        this.properties = properties;
    }

    /**
     * Per key: whether it is cached, its expiry renewed to the full TTL (a frame in use stays cached). One pipelined
     * round trip of EXPIRE: the tokens themselves stay put.
     */
    boolean[] present(List<String> keys) {
        return BinaryRedis.renew(redis, keys, properties.featureTtl());
    }

    /** The frame's bytes, or null when expired or never stored. */
    byte[] image(String sha256) {
        return redis.opsForValue().get(RedisKeys.image(sha256));
    }

    void put(String key, float[] tokens) {
        redis.opsForValue().set(key, FeatureBytes.encode(tokens), properties.featureTtl());
    }
}
