package dev.sightline.reasoner;

import dev.sightline.contracts.RedisKeys;
import dev.sightline.kit.BinaryRedis;
import dev.sightline.latent.bundle.ModelBundle;
import dev.sightline.latent.session.EngineOptions;
import dev.sightline.latent.session.ReasoningEngine;
import dev.sightline.reasoner.run.SessionRunner;
import dev.sightline.reasoner.sketch.RemoteSketchDecoder;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class ReasonerConfiguration {

    @Bean(destroyMethod = "close")
    ModelBundle modelBundle(ReasonerProperties properties) {
        if (properties.model() == null) {
            throw new IllegalStateException("sightline.reasoner.model is not set: give the model bundle directory");
        }
        return ModelBundle.load(properties.model());
    }

    @Bean(destroyMethod = "close")
    RemoteSketchDecoder remoteSketchDecoder(
            ModelBundle bundle,
            ReasonerProperties properties,
            RestClient.Builder http,
            CircuitBreakerRegistry breakers,
            RetryRegistry retries,
            TimeLimiterRegistry timeLimiters,
            BulkheadRegistry bulkheads) {
        // connect and read timeouts are a backstop behind Resilience4j's time limiter
        // (resilience4j.timelimiter.instances.decoder), which owns the timeout: longer, so the limiter always
        // ends a hung call first and the breaker sees a timeout
        var client = HttpClient.newBuilder()
                .connectTimeout(properties.decoderTimeout().multipliedBy(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        var requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(properties.decoderTimeout().multipliedBy(2));
        int m = bundle.config().hasSketchHead() ? bundle.config().sketch().numLatents() : 0;
        return new RemoteSketchDecoder(
                http.clone()
                        .baseUrl(properties.decoderUrl())
                        .requestFactory(requests)
                        .build(),
                breakers.circuitBreaker("decoder"),
                retries.retry("decoder"),
                timeLimiters.timeLimiter("decoder"),
                bulkheads.bulkhead("decoder"),
                m,
                bundle.config().hiddenSize());
    }

    @Bean(destroyMethod = "close")
    ReasoningEngine reasoningEngine(ModelBundle bundle, ReasonerProperties properties, RemoteSketchDecoder sketches) {
        var options = EngineOptions.defaults()
                .withMaxSequenceLength(properties.maxSequenceLength())
                .withMaxBatch(properties.maxBatch())
                .withPrefixCacheBytes(properties.prefixCache().toBytes());
        return new ReasoningEngine(bundle, options, bundle.config().hasSketchHead() ? sketches : null);
    }

    @Bean
    RedisTemplate<String, byte[]> bytesRedis(RedisConnectionFactory connections) {
        return BinaryRedis.template(connections);
    }

    /** Cancellations reach every replica; the one running the task stops it. */
    @Bean
    RedisMessageListenerContainer cancellations(RedisConnectionFactory connections, SessionRunner runner) {
        var container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener(
                (message, pattern) -> runner.cancel(new String(message.getBody(), StandardCharsets.UTF_8)),
                new ChannelTopic(RedisKeys.CANCEL_CHANNEL));
        return container;
    }
}
