package dev.sightline.gateway;

import dev.sightline.gateway.task.DeadlineIndex;
import dev.sightline.gateway.task.TaskStore;
import dev.sightline.kit.testing.EmbeddedRedis;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.springframework.data.redis.core.StringRedisTemplate;

/** A real Redis server ({@link EmbeddedRedis}) and the gateway's task store on it, for one test class. */
public final class TestRedis implements AutoCloseable {
    private final EmbeddedRedis server = new EmbeddedRedis();
    public final StringRedisTemplate redis = server.template();
    public final GatewayProperties properties;
    public final TaskStore store;
    public final DeadlineIndex deadlines;

    public TestRedis() {
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
                Duration.ofSeconds(60),
                true);
        deadlines = new DeadlineIndex(redis);
        store = new TaskStore(redis, properties);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
