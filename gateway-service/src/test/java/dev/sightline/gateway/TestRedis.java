package dev.sightline.gateway;

import dev.sightline.gateway.task.TaskStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.embedded.RedisServer;

/** A real Redis server (embedded) and the gateway's task store on it, for one test class. */
public final class TestRedis implements AutoCloseable {
    private final RedisServer server;
    private final LettuceConnectionFactory connections;
    public final StringRedisTemplate redis;
    public final GatewayProperties properties;
    public final TaskStore store;

    public TestRedis() {
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
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
        properties = new GatewayProperties(
                Map.of(),
                "http://localhost:1",
                Duration.ofMinutes(2),
                Duration.ofHours(1),
                Duration.ofHours(1),
                10_000_000,
                4096,
                16,
                2000,
                Duration.ofSeconds(60));
        store = new TaskStore(redis, properties);
    }

    @Override
    public void close() throws IOException {
        connections.destroy();
        server.stop();
    }
}
