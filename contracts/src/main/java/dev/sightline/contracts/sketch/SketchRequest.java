package dev.sightline.contracts.sketch;

/**
 * {@code POST /v1/sketches} body: one conditioning hidden state and one seed per sketch.
 *
 * @param conditions {@code [B][d_model]} hidden states at {@code <|sketch_start|>}
 * @param seeds {@code [B]}; same seed and condition, same latents
 */
public record SketchRequest(float[][] conditions, long[] seeds) {}
