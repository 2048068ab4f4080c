package dev.sightline.reasoner.run;

import dev.sightline.latent.session.ForwardStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/** The engine's forward counts as the reasoner's meters ({@code sightline.reasoner.forward*}, {@code …prefix*}). */
final class ForwardMeters {
    private ForwardMeters() {}

    static void register(ForwardStats forwards, MeterRegistry meters) {
        // Rows per forward is the batch's occupancy; seconds per forward against `bench engine` on an idle
        // machine shows what the rest of the host takes from the engine, CPU seconds beside them how much of it is
        // waiting for a core (docs/operations.md).
        for (ForwardStats.Kind kind : ForwardStats.Kind.values()) {
            String k = kind.name().toLowerCase(Locale.ROOT);
            FunctionCounter.builder("sightline.reasoner.forwards", forwards, f -> f.forwards(kind))
                    .tag("kind", k)
                    .register(meters);
            FunctionCounter.builder("sightline.reasoner.forward.rows", forwards, f -> f.rows(kind))
                    .tag("kind", k)
                    .register(meters);
            FunctionCounter.builder("sightline.reasoner.forward.seconds", forwards, f -> f.seconds(kind))
                    .tag("kind", k)
                    .baseUnit("seconds")
                    .register(meters);
            FunctionCounter.builder("sightline.reasoner.forward.cpu.seconds", forwards, f -> f.cpuSeconds(kind))
                    .tag("kind", k)
                    .baseUnit("seconds")
                    .register(meters);
        }
        // Hits over lookups is the prefix cache's hit ratio; positions reused is prefill work not done.
        FunctionCounter.builder("sightline.reasoner.prefix.lookups", forwards, ForwardStats::prefixLookups)
                .register(meters);
        FunctionCounter.builder("sightline.reasoner.prefix.hits", forwards, ForwardStats::prefixHits)
                .register(meters);
        FunctionCounter.builder("sightline.reasoner.prefix.positions", forwards, ForwardStats::prefixPositions)
                .register(meters);
    }
}
