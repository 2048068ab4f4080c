package dev.sightline.kit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Properties;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.embedded.RedisServer;

/**
 * A real Redis server on a free loopback port, without persistence, and a string template on it: what the
 * services' unit tests that need Redis share (this module's test-jar). {@link #close()} stops both.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private final RedisServer server;
    private final LettuceConnectionFactory connections;
    private final StringRedisTemplate template;

    public EmbeddedRedis() {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        connections = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", server.ports().get(0)));
        try {
            connections.afterPropertiesSet();
            connections.start();
        } catch (RuntimeException e) {
            try {
                server.stop();
            } catch (IOException stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
        template = new StringRedisTemplate(connections);
    }

    public StringRedisTemplate template() {
        return template;
    }

    @Override
    public void close() throws IOException {
        try {
            connections.destroy();
        } finally {
            server.stop();
        }
    }

    /** How many times the Redis behind {@code redis} has run {@code command} (lower case), scripts' own calls included. */
    public static long calls(StringRedisTemplate redis, String command) {
        Properties stats = redis.execute(
                (RedisCallback<Properties>) c -> c.serverCommands().info("commandstats"));
        String line = stats.getProperty("cmdstat_" + command);
        return line == null ? 0 : Long.parseLong(line.replaceAll("^calls=(\\d+),.*$", "$1"));
    }
}
