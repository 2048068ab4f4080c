package dev.sightline.decoder;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Serves the diffusion head: {@code POST /v1/sketches}, concurrent requests micro-batched into one sampling. */
@SpringBootApplication(
        excludeName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration"
        })
@EnableConfigurationProperties(DecoderProperties.class)
public class DecoderApplication {

    /** The application with its own configuration file ({@code diffusion-decoder.yml}). */
    public static SpringApplication application() {
        var app = new SpringApplication(DecoderApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", "diffusion-decoder"));
        return app;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
