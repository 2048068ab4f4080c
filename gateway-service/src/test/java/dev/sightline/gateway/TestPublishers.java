package dev.sightline.gateway;

import dev.sightline.kit.EventCodec;
import dev.sightline.kit.EventPublisher;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** Publishers for gateway tests that need no broker, or need one that is not there. */
public final class TestPublishers {
    private TestPublishers() {}

    /** A real producer whose broker does not exist: every send fails once metadata cannot be fetched (300 ms). */
    public static EventPublisher unreachableBroker() {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                300,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class);
        return new EventPublisher(
                new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config)), new EventCodec(), "test");
    }
}
