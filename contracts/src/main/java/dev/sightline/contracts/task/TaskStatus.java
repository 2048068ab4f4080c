package dev.sightline.contracts.task;

/** Where a task is. QUEUED and RUNNING move forward; the other three are terminal. */
public enum TaskStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
