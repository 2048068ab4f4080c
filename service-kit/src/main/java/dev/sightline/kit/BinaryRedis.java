package dev.sightline.kit;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/** Redis with string keys and raw byte values: frames and visual tokens (claim checks). */
public final class BinaryRedis {
    private BinaryRedis() {}

    public static RedisTemplate<String, byte[]> template(RedisConnectionFactory connections) {
        var t = new RedisTemplate<String, byte[]>();
        t.setConnectionFactory(connections);
        t.setKeySerializer(RedisSerializer.string());
        t.setValueSerializer(RedisSerializer.byteArray());
        t.afterPropertiesSet();
        return t;
    }
}
