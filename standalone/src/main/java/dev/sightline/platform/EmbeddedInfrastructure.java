package dev.sightline.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import redis.embedded.RedisServer;

/**
 * Real Kafka (a KRaft broker), Redis and PostgreSQL started inside this JVM for {@code sightline serve} and the
 * integration tests: the same engines the deployments run, on loopback ports, with no Docker.
 * {@link #close()} stops all three.
 */
final class EmbeddedInfrastructure implements Infrastructure {
    private final EmbeddedKafkaKraftBroker kafka;
    private final RedisServer redis;
    private final int redisPort;
    private final EmbeddedPostgres postgres;

    private EmbeddedInfrastructure(
            EmbeddedKafkaKraftBroker kafka, RedisServer redis, int redisPort, EmbeddedPostgres postgres) {
        this.kafka = kafka;
        this.redis = redis;
        this.redisPort = redisPort;
        this.postgres = postgres;
    }

    /** Starts the three engines; topics get {@code partitions} partitions, dead-letter topics alike. */
    static EmbeddedInfrastructure start(int partitions) throws IOException {
        EmbeddedKafkaKraftBroker kafka = null;
        RedisServer redis = null;
        EmbeddedPostgres postgres = null;
        try {
            kafka = new EmbeddedKafkaKraftBroker(1, partitions);
            // A consumer group forms at once instead of after the broker's default 3 s grace.
            kafka.brokerProperties(
                    Map.of("group.initial.rebalance.delay.ms", "0", "auto.create.topics.enable", "false"));
            // The KRaft formatter prints its bootstrap metadata to stdout, which is the CLI's output channel.
            java.io.PrintStream out = System.out;
            System.setOut(System.err);
            try {
                kafka.afterPropertiesSet();
            } finally {
                System.setOut(out);
            }
            kafka.addTopics(Infrastructure.topics(partitions).toArray(NewTopic[]::new));
            int port = freePort();
            redis = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("maxmemory 512mb")
                    .setting("maxmemory-policy allkeys-lru")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .onShutdownForceStop(false) // stopped by close(), after the services
                    .build();
            redis.start();
            postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
            return new EmbeddedInfrastructure(kafka, redis, port, postgres);
        } catch (IOException | RuntimeException e) {
            closeQuietly(kafka, redis, postgres);
            throw e;
        }
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBrokersAsString();
    }

    @Override
    public String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    @Override
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public String jdbcUser() {
        return "postgres";
    }

    @Override
    public String jdbcPassword() {
        return "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        closeQuietly(kafka, redis, postgres);
    }

    private static void closeQuietly(EmbeddedKafkaKraftBroker kafka, RedisServer redis, EmbeddedPostgres postgres) {
        if (kafka != null) {
            try {
                kafka.destroy();
            } catch (RuntimeException ignored) {
                // shutting down: nothing left to do with a broker that will not stop
            }
        }
        if (redis != null) {
            try {
                redis.stop();
            } catch (IOException | RuntimeException ignored) {
                // same
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // same
            }
        }
    }
}
