package dev.sightline.contracts;

import java.util.List;

/** Kafka topic names. Changes are additive; a breaking change gets a new version suffix. */
public final class Topics {
    public static final String TASKS = "sightline.tasks.v1";
    public static final String ENCODED = "sightline.encoded.v1";
    public static final String STEPS = "sightline.steps.v1";
    public static final String RESULTS = "sightline.results.v1";
    /** Every pipeline topic, in the order a task crosses them. */
    public static final List<String> ALL = List.of(TASKS, ENCODED, STEPS, RESULTS);

    private Topics() {}

    /** The dead-letter topic of {@code topic}: same partition count, poison records after bounded retries. */
    public static String deadLetter(String topic) {
        return topic + ".DLT";
    }
}
