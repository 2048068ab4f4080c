package dev.sightline.latent.session;

/** Kinds of step record a session emits, in the order they happen. */
public enum StepKind {
    TEXT,
    LATENT,
    SKETCH,
    SKETCH_SKIPPED,
    ANSWER
}
