package dev.sightline.platform;

import dev.sightline.contracts.Topics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The three engines the services need (Kafka, Redis, PostgreSQL), however they were started: inside this JVM
 * ({@link #embedded}, what {@code sightline serve} runs) or as containers (the integration tests, when a Docker
 * daemon answers). Whoever is handed an instance owns it: {@link #close()} stops what it started.
 */
public interface Infrastructure extends AutoCloseable {

    /** Starts Kafka (KRaft), Redis and PostgreSQL in this JVM, with {@link #topics} created. */
    static Infrastructure embedded(int partitions) throws IOException {
        return EmbeddedInfrastructure.start(partitions);
    }

    /** Every topic and its dead-letter topic, {@code partitions} each (one broker, so one replica). */
    static List<NewTopic> topics(int partitions) {
        List<NewTopic> topics = new ArrayList<>();
        for (String t : Topics.ALL) {
            topics.add(new NewTopic(t, partitions, (short) 1));
            topics.add(new NewTopic(Topics.deadLetter(t), partitions, (short) 1));
        }
        return topics;
    }

    String kafkaBootstrapServers();

    String redisUrl();

    String jdbcUrl();

    String jdbcUser();

    String jdbcPassword();

    /** Stops the engines; never throws, since it runs while everything else is stopping too. */
    @Override
    void close();
}
