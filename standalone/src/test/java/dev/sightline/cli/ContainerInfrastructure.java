package dev.sightline.cli;

import dev.sightline.platform.Infrastructure;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The integration tests' engines as containers of the images docker-compose.yml deploys, when a Docker daemon
 * answers; otherwise (or when a container cannot start, e.g. its image cannot be pulled) the embedded ones.
 * {@code -Dsightline.it.infrastructure=containers} insists on containers (no fallback), {@code embedded}
 * never asks Docker; the default is {@code auto}.
 */
final class ContainerInfrastructure implements Infrastructure {
    static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
    static final String REDIS_IMAGE = "redis:7.4-alpine";
    static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private final KafkaContainer kafka;
    private final GenericContainer<?> redis;
    private final PostgreSQLContainer postgres;

    private ContainerInfrastructure(KafkaContainer kafka, GenericContainer<?> redis, PostgreSQLContainer postgres) {
        this.kafka = kafka;
        this.redis = redis;
        this.postgres = postgres;
    }

    /** What {@code sightline.it.infrastructure} asks for, started; {@code progress} hears which it is. */
    static Infrastructure start(int partitions, Consumer<String> progress) throws IOException {
        String wanted = System.getProperty("sightline.it.infrastructure", "auto");
        switch (wanted) {
            case "embedded" -> {
                return Infrastructure.embedded(partitions);
            }
            case "containers" -> {
                return containers(partitions, progress);
            }
            case "auto" -> {
                String why;
                try {
                    if (DockerClientFactory.instance().isDockerAvailable()) {
                        return containers(partitions, progress);
                    }
                    why = "no Docker daemon";
                } catch (RuntimeException e) {
                    // e.g. a daemon that cannot pull (no registry): Testcontainers' own reaper image fails already
                    // in isDockerAvailable(); pull retries are capped by testcontainers.properties
                    why = "containers did not start (" + e.getMessage() + ")";
                }
                progress.accept(why + ": the integration tests run on the embedded engines");
                return Infrastructure.embedded(partitions);
            }
            default ->
                throw new IllegalArgumentException(
                        "sightline.it.infrastructure must be auto, containers or embedded, not " + wanted);
        }
    }

    private static ContainerInfrastructure containers(int partitions, Consumer<String> progress) {
        long t0 = System.nanoTime();
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE).withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE)).withExposedPorts(6379);
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE);
        var infra = new ContainerInfrastructure(kafka, redis, postgres);
        try {
            kafka.start();
            redis.start();
            postgres.start();
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()))) {
                admin.createTopics(Infrastructure.topics(partitions)).all().get();
            }
        } catch (RuntimeException | ExecutionException | InterruptedException e) {
            infra.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
        progress.accept(String.format(
                "containers %s, %s, %s up in %.1f s",
                KAFKA_IMAGE, REDIS_IMAGE, POSTGRES_IMAGE, (System.nanoTime() - t0) / 1e9));
        return infra;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String redisUrl() {
        return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
    }

    @Override
    public String jdbcUrl() {
        return postgres.getJdbcUrl();
    }

    @Override
    public String jdbcUser() {
        return postgres.getUsername();
    }

    @Override
    public String jdbcPassword() {
        return postgres.getPassword();
    }

    @Override
    public void close() {
        // stop() on a container that never started is a no-op, so a half-started set closes cleanly
        for (GenericContainer<?> c : new GenericContainer<?>[] {kafka, redis, postgres}) {
            try {
                c.stop();
            } catch (RuntimeException ignored) {
                // keep stopping the others
            }
        }
    }
}
