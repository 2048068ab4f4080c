package dev.sightline.contracts;

/** Values of {@link EventEnvelope#type()}, one per payload record in {@code dev.sightline.contracts.task}. */
public final class EventTypes {
    public static final String TASK_SUBMITTED = "task.submitted";
    public static final String TASK_ENCODED = "task.encoded";
    public static final String STEP_RECORDED = "step.recorded";
    public static final String TASK_RESULT = "task.result";

    private EventTypes() {}
}
