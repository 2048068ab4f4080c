package dev.sightline.tracestore;

import dev.sightline.kit.ServiceKitConfiguration;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Persists every task, step and result in PostgreSQL and serves traces. */
@SpringBootApplication(
        excludeName = {
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration"
        })
@Import(ServiceKitConfiguration.class)
public class TraceStoreApplication {

    /** The application with its own configuration file ({@code trace-store.yml}). */
    public static SpringApplication application() {
        var app = new SpringApplication(TraceStoreApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", "trace-store"));
        return app;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
