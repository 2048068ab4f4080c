package dev.sightline.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sightline.contracts.task.TaskOptions;
import dev.sightline.latent.session.Mode;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The wire's modes (what the gateway accepts) and the engine's {@link Mode} are two vocabularies that must
 * stay one: the contracts cannot see the engine, so this test, which sees both, holds them together.
 */
class WireModesTest {
    @Test
    void everyWireModeIsAnEngineModeAndBackWithTheSameLatentSchedule() {
        Set<String> engine = Arrays.stream(Mode.values()).map(Mode::wireName).collect(Collectors.toSet());
        assertEquals(engine, Set.copyOf(TaskOptions.MODES));
        for (String mode : TaskOptions.MODES) {
            assertEquals(
                    Mode.parse(mode).latentBeforeEachStepByDefault(),
                    TaskOptions.latentBeforeEachStepByDefault(mode),
                    mode);
        }
    }
}
