package dev.sightline.contracts.sketch;

/**
 * {@code POST /v1/sketches} answer.
 *
 * @param numLatents M, latents per sketch
 * @param dim d_model, the width of each latent
 * @param latents {@code [B][M * dim]}, row-major {@code [M, dim]} per sketch
 */
public record SketchResponse(int numLatents, int dim, float[][] latents) {}
