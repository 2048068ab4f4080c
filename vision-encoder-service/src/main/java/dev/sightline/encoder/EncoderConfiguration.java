package dev.sightline.encoder;

import dev.sightline.kit.BinaryRedis;
import dev.sightline.kit.ProcessedEvents;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.vision.VisionEncoder;
import java.time.Duration;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

@Configuration(proxyBeanMethods = false)
class EncoderConfiguration {

    @Bean(destroyMethod = "close")
    ModelBundle modelBundle(EncoderProperties properties) {
        if (properties.model() == null) {
            throw new IllegalStateException("sightline.encoder.model is not set: give the model bundle directory");
        }
        return ModelBundle.load(properties.model());
    }

    @Bean
    VisionEncoder visionEncoder(ModelBundle bundle) {
        return new VisionEncoder(bundle);
    }

    @Bean
    RedisTemplate<String, byte[]> bytesRedis(RedisConnectionFactory connections) {
        return BinaryRedis.template(connections);
    }

    @Bean
    ProcessedEvents processedEvents(StringRedisTemplate redis) {
        return new ProcessedEvents(redis, "vision-encoder", Duration.ofDays(1));
    }

    /** Batch listeners: one poll's tasks are encoded together. */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> batchFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumers);
        factory.setBatchListener(true);
        return factory;
    }
}
