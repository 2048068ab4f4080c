package dev.sightline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a deployed service writes to its console: one ECS JSON object per line, with the task's id where a task is
 * known. Each service's image runs its own configuration file and has no {@code logback.xml} (the CLI's, which
 * `serve` and this module use, writes plain text), so the logging system is set up here as an image sets it up:
 * from the service's YAML, with the CLI's file hidden.
 */
class ServiceLogsTest {
    /** The classpath of an image: everything but the CLI's logback.xml. */
    private static final ClassLoader IMAGE = new ClassLoader(ServiceLogsTest.class.getClassLoader()) {
        @Override
        public URL getResource(String name) {
            return name.equals("logback.xml") ? null : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.equals("logback.xml") ? java.util.Collections.emptyEnumeration() : super.getResources(name);
        }
    };

    @AfterEach
    void backToTheCliLogging() {
        LoggingSystem cli = LoggingSystem.get(getClass().getClassLoader());
        cli.cleanUp();
        cli.beforeInitialize();
        cli.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "vision-encoder", "reasoner", "diffusion-decoder", "trace-store"})
    void aTaskLogLineIsOneEcsJsonObjectWithTheTaskIdAndTheService(String service) throws IOException {
        var environment = new StandardEnvironment();
        new YamlPropertySourceLoader()
                .load(service, new ClassPathResource(service + ".yml"))
                .forEach(environment.getPropertySources()::addLast);
        LoggingSystem logging = LoggingSystem.get(IMAGE);
        logging.cleanUp(); // or the logging system, set up already in this JVM, keeps what it has
        logging.beforeInitialize();
        logging.initialize(new LoggingInitializationContext(environment), null, null);

        var console = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try (var ignored = MDC.putCloseable("task_id", "t-logs-1")) {
            LoggerFactory.getLogger("dev.sightline.test").warn("task {} failed at the encoder: not a PNG", "t-logs-1");
        } finally {
            System.setOut(stdout);
        }

        List<String> lines = console.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), "one line: " + lines);
        JsonNode line = JsonMapper.builder().build().readTree(lines.get(0));
        assertEquals("t-logs-1", line.path("task_id").asString(), line.toString());
        assertEquals("WARN", line.path("log").path("level").asString(), line.toString());
        assertEquals(
                "task t-logs-1 failed at the encoder: not a PNG",
                line.path("message").asString());
        assertEquals(service, line.path("service").path("name").asString(), line.toString());
        assertTrue(line.has("@timestamp"), line.toString());
    }
}
