package dev.sightline.reasoner;

import dev.sightline.kit.ServiceKitConfiguration;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** Runs encoded tasks through the engine's continuous-batching scheduler and publishes steps and results. */
@SpringBootApplication(
        excludeName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"
        })
@EnableConfigurationProperties(ReasonerProperties.class)
@org.springframework.scheduling.annotation.EnableScheduling
@Import(ServiceKitConfiguration.class)
public class ReasonerApplication {

    /** The application with its own configuration file ({@code reasoner.yml}). */
    public static SpringApplication application() {
        var app = new SpringApplication(ReasonerApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", "reasoner"));
        return app;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
