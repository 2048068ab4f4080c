package dev.sightline.contracts.task;

import java.util.List;

/**
 * Payload of {@code step.recorded} on {@link dev.sightline.contracts.Topics#STEPS}: one record of a
 * session's trace. Fields that do not apply to a kind are null.
 *
 * @param seq 0-based and gap-free per task; with the task id, the record's identity
 * @param kind {@code TEXT}, {@code LATENT}, {@code SKETCH}, {@code SKETCH_SKIPPED} or {@code ANSWER}
 * @param text TEXT/ANSWER: decoded text; SKETCH_SKIPPED: why
 * @param patches LATENT: the visual tokens most similar to the latent, best first
 * @param closestTokens LATENT: vocabulary ids whose output embeddings are closest
 * @param numLatents SKETCH: M, latents imagined
 * @param rms SKETCH: root mean square of the latents (they stay in the reasoner; the trace keeps a summary)
 * @param ms wall time since the task's previous record
 */
public record StepRecorded(
        int seq,
        String kind,
        String text,
        int[] tokenIds,
        Integer segment,
        Integer index,
        Double norm,
        int[] patches,
        int[] closestTokens,
        List<String> closestTokenTexts,
        Integer numLatents,
        Double rms,
        String finishReason,
        double ms) {}
