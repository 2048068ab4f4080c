package dev.sightline.kit;

import dev.sightline.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ExceptionClassifier;
import org.springframework.util.ClassUtils;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Imported by every service: the event codec and publisher, the topics (created at start with the
 * configured partition count and replication factor, {@code sightline.kafka.partitions} and
 * {@code .replication-factor}, dead-letter topics alike) and the listener error handling — bounded
 * retries, then {@link DeadLetters}; poison records skip the retries.
 */
@Configuration(proxyBeanMethods = false)
public class ServiceKitConfiguration {

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    EventPublisher eventPublisher(
            KafkaTemplate<String, String> template,
            EventCodec codec,
            @Value("${spring.application.name}") String producer) {
        return new EventPublisher(template, codec, producer);
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler(
            KafkaTemplate<String, String> template,
            EventPublisher publisher,
            ObjectProvider<MeterRegistry> meters,
            @Value("${sightline.kafka.retry-interval-ms:200}") long intervalMs,
            @Value("${sightline.kafka.retries:2}") long retries,
            @Value("${sightline.kafka.fail-tasks:true}") boolean failTasks) {
        var handler = new DefaultErrorHandler(
                new DeadLetters(template, publisher, meters.getIfAvailable(SimpleMeterRegistry::new), failTasks),
                new FixedBackOff(intervalMs, retries));
        classify(handler);
        return handler;
    }

    /**
     * Which failures are retried before a record is dead-lettered. Retrying cannot help a poison record or a value
     * the database rejects: straight to the DLT, not minutes of retries. But Spring files a lost connection (Redis
     * restarting, PostgreSQL failing over, a pool that stayed exhausted) under non-transient too, and that may come
     * back: it is retried like any other failure (the most specific class decides), or a Redis restart would
     * dead-letter and fail every task of the poll in hand. So is whatever Redis answers with an error while it
     * restarts or fails over (a connection closed under a command, LOADING, READONLY: {@code RedisSystemException},
     * filed as non-transient too) — at the price of two quick retries for a command Redis would refuse every time.
     */
    static void classify(ExceptionClassifier handler) {
        handler.addNotRetryableExceptions(PoisonRecordException.class, NonTransientDataAccessException.class);
        handler.addRetryableExceptions(DataAccessResourceFailureException.class);
        // Redis is an optional dependency: the trace store runs without it
        if (ClassUtils.isPresent("org.springframework.data.redis.RedisSystemException", null)) {
            handler.addRetryableExceptions(RedisSystemException.class);
        }
    }

    @Bean
    KafkaAdmin.NewTopics sightlineTopics(
            @Value("${sightline.kafka.partitions:4}") int partitions,
            @Value("${sightline.kafka.replication-factor:1}") int replicas) {
        List<NewTopic> topics = new ArrayList<>();
        for (String t : Topics.ALL) {
            topics.add(TopicBuilder.name(t)
                    .partitions(partitions)
                    .replicas(replicas)
                    .build());
            topics.add(TopicBuilder.name(Topics.deadLetter(t))
                    .partitions(partitions)
                    .replicas(replicas)
                    .build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
