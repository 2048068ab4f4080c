package dev.sightline.gateway;

import dev.sightline.kit.ServiceKitConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The public edge: REST, SSE, API keys; publishes tasks and follows their steps and results. */
@SpringBootApplication(
        excludeName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"
        })
@EnableConfigurationProperties(GatewayProperties.class)
@EnableScheduling
@Import(ServiceKitConfiguration.class)
public class GatewayApplication {

    /** The application with its own configuration file ({@code gateway.yml}), also used in one JVM by serve. */
    public static SpringApplication application() {
        var app = new SpringApplication(GatewayApplication.class);
        app.setDefaultProperties(java.util.Map.of("spring.config.name", "gateway"));
        return app;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
