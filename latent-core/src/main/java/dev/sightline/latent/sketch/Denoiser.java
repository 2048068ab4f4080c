package dev.sightline.latent.sketch;

import ai.djl.ndarray.NDArray;

/** One noise prediction: what a DDIM step asks of the network. */
@FunctionalInterface
public interface Denoiser {
    /**
     * @param noisy {@code [R, d]} latents at {@code timestep}
     * @param timestep discrete training timestep in {@code [0, num_train_timesteps)}
     * @return predicted noise, {@code [R, d]}
     */
    NDArray predictNoise(NDArray noisy, int timestep);
}
