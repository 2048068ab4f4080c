package dev.sightline.reasoner.run;

import dev.sightline.latent.session.SessionResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;

/** What the reasoner's sessions produced, as meters ({@code sightline.reasoner.text.tokens}, {@code …session}). */
final class SessionMeters {
    private final MeterRegistry meters;
    // Created with the runner, at zero: rate() and increase() miss a counter's first increment when its series
    // is born with it, and the degraded count may stay 0 for days (a dashboard then shows 0, not "no data").
    private final Counter textTokens;
    private final Counter latentSteps;
    private final Counter sketches;
    private final Counter degraded;

    SessionMeters(MeterRegistry meters) {
        this.meters = meters;
        this.textTokens = meters.counter("sightline.reasoner.text.tokens");
        this.latentSteps = meters.counter("sightline.reasoner.latent.steps");
        this.sketches = meters.counter("sightline.reasoner.sketches");
        this.degraded = meters.counter("sightline.reasoner.degraded");
    }

    void ended(SessionResult result) {
        var u = result.usage();
        textTokens.increment(u.textTokens());
        latentSteps.increment(u.latentSteps());
        sketches.increment(u.sketches());
        if (result.degraded()) {
            degraded.increment();
        }
        meters.timer("sightline.reasoner.session", "status", result.status().name())
                .record((long) (u.ms() * 1e6), TimeUnit.NANOSECONDS);
    }
}
