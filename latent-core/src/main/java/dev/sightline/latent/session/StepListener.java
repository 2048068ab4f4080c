package dev.sightline.latent.session;

/** Receives a session's records in order, then its result; called on the scheduler thread. */
public interface StepListener {
    void onStep(Step step);

    default void onFinish(SessionResult result) {}
}
