package dev.sightline.latent.session;

import java.util.List;

/**
 * One record of a session's trace. Fields that do not apply to a kind are null or -1.
 *
 * @param seq 0-based, gap-free per session
 * @param text TEXT/ANSWER: decoded text; SKETCH_SKIPPED: the reason
 * @param tokenIds TEXT/ANSWER: the tokens of this step
 * @param segment LATENT/SKETCH: 0-based segment number within the session
 * @param index LATENT: 0-based step within its segment
 * @param latent LATENT: what the fed-back vector looks like
 * @param sketchLatents SKETCH: the M latents, row-major {@code [M, d]}
 * @param finishReason ANSWER: {@code eos}, {@code max_tokens} or {@code length}
 * @param ms wall time since the session's previous record
 */
public record Step(
        int seq,
        StepKind kind,
        String text,
        int[] tokenIds,
        int segment,
        int index,
        LatentProbe latent,
        float[] sketchLatents,
        String finishReason,
        double ms) {

    /**
     * What a latent step's input vector is close to.
     *
     * @param norm L2 norm of the vector fed back
     * @param patches indices of the most similar visual tokens (cosine), best first
     * @param patchScores their cosine similarities
     * @param tokens vocabulary ids whose output embeddings are closest (cosine), best first
     * @param tokenTexts those tokens decoded
     */
    public record LatentProbe(
            double norm,
            int[] patches,
            float[] patchScores,
            int[] tokens,
            float[] tokenScores,
            List<String> tokenTexts) {}
}
