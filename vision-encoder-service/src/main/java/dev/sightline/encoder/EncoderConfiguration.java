package dev.sightline.encoder;

import dev.sightline.contracts.task.EncoderDescriptor;
import dev.sightline.kit.BinaryRedis;
import dev.sightline.kit.ProcessedEvents;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.vision.VisionEncoder;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

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

    /** What this encoder's events and its announcement say about its tower. */
    @Bean
    EncoderDescriptor encoderDescriptor(VisionEncoder encoder, ModelBundle bundle, EncoderProperties properties) {
        return new EncoderDescriptor(
                encoder.identity(),
                encoder.config().tokensPerFrame(),
                bundle.config().hiddenSize(),
                encoder.config().maxFrames(),
                properties.featureTtl().toSeconds());
    }

    @Bean
    RedisTemplate<String, byte[]> bytesRedis(RedisConnectionFactory connections) {
        return BinaryRedis.template(connections);
    }

    @Bean
    ProcessedEvents processedEvents(StringRedisTemplate redis) {
        return new ProcessedEvents(redis, "vision-encoder", Duration.ofDays(1));
    }
}
