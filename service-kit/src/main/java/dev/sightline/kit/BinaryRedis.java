package dev.sightline.kit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Redis with string keys and raw byte values (frames and visual tokens: claim checks), and the pipelined
 * look-ups the consumers share.
 */
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

    /** Per key: whether it exists. One pipelined round trip of {@code EXISTS}; the values stay put. */
    public static boolean[] exists(RedisOperations<String, ?> redis, List<String> keys) {
        return present(redis, keys, Duration.ZERO);
    }

    /**
     * Per key, whether it exists, and its expiry set to {@code ttl} where it does: one pipelined round trip of {@code
     * PEXPIRE}, which answers both (a cache entry in use does not run out).
     */
    public static boolean[] renew(RedisOperations<String, ?> redis, List<String> keys, Duration ttl) {
        return present(redis, keys, ttl);
    }

    private static boolean[] present(RedisOperations<String, ?> redis, List<String> keys, Duration renewTo) {
        boolean[] out = new boolean[keys.size()];
        if (keys.isEmpty()) {
            return out;
        }
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) c -> {
            keys.forEach(k -> askPresent(c, k, renewTo));
            return null;
        });
        for (int i = 0; i < out.length; i++) {
            out[i] = isTrue(replies.get(i));
        }
        return out;
    }

    /**
     * Queues, in a pipeline, whether {@code key} exists — renewing its expiry to {@code renewTo} where it does, unless
     * that is zero — as one command with one reply that {@link #isTrue} reads.
     */
    public static void askPresent(RedisConnection c, String key, Duration renewTo) {
        if (renewTo.isZero()) {
            c.keyCommands().exists(key(key));
        } else {
            c.keyCommands().pExpire(key(key), renewTo.toMillis()); // not EXPIRE: EXPIRE k 0 deletes k and answers 1
        }
    }

    /** A pipelined {@code EXISTS} or {@code EXPIRE} reply: Boolean or a count, depending on the command and driver. */
    public static boolean isTrue(Object reply) {
        return Boolean.TRUE.equals(reply) || (reply instanceof Long n && n > 0);
    }

    /** A key as the connection-level commands of a pipeline take it. */
    public static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
