package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The integration tests' containers are the images the deployment runs, not a copy that drifts from them. */
class ContainerInfrastructureTest {
    @Test
    void theTestContainersAreTheComposeFilesImages() throws Exception {
        String compose =
                Files.readString(Path.of("..").toAbsolutePath().normalize().resolve("docker-compose.yml"));
        for (String image : List.of(
                ContainerInfrastructure.KAFKA_IMAGE,
                ContainerInfrastructure.REDIS_IMAGE,
                ContainerInfrastructure.POSTGRES_IMAGE)) {
            assertTrue(compose.contains("image: " + image), image + " is not an image of docker-compose.yml");
        }
    }
}
