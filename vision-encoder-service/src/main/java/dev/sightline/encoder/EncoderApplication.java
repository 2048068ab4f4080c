package dev.sightline.encoder;

import dev.sightline.kit.ServiceKitConfiguration;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Encodes the frames of submitted tasks (batched, cached in Redis) and hands them on to the reasoner. */
@SpringBootApplication(
        excludeName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"
        })
@EnableConfigurationProperties(EncoderProperties.class)
@Import(ServiceKitConfiguration.class)
@EnableScheduling
public class EncoderApplication {

    /** The application with its own configuration file ({@code vision-encoder.yml}). */
    public static SpringApplication application() {
        var app = new SpringApplication(EncoderApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", "vision-encoder"));
        return app;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
