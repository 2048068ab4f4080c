package dev.sightline.latent.bundle;

/**
 * The MAR-style diffusion head that imagines visual latents ({@code sketch_config} in config.json).
 *
 * @param numBlocks residual adaLN MLP blocks
 * @param hiddenSize width of the blocks
 * @param numLatents M, latents generated per sketch (each in the model's hidden space)
 * @param numInferenceSteps DDIM steps at sampling time (denoiser calls)
 * @param numTrainTimesteps discrete timesteps of the cosine schedule
 */
public record SketchConfig(
        int numBlocks, int hiddenSize, int numLatents, int numInferenceSteps, int numTrainTimesteps) {}
