package dev.sightline.latent.bundle;

/**
 * The ViT + projector that turns frames into visual tokens ({@code vision_config} in config.json).
 *
 * @param imageSize side of the square input image in pixels
 * @param patchSize side of a square patch; {@code (imageSize / patchSize)^2} tokens per frame
 * @param hiddenSize ViT width
 * @param numHiddenLayers ViT blocks
 * @param numAttentionHeads ViT heads
 * @param intermediateSize ViT MLP width
 * @param layerNormEps LayerNorm epsilon
 * @param maxFrames frames per task (a learned frame embedding tells the model which view a token is from)
 */
public record VisionConfig(
        int imageSize,
        int patchSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        double layerNormEps,
        int maxFrames) {

    public int patchesPerSide() {
        return imageSize / patchSize;
    }

    public int tokensPerFrame() {
        return patchesPerSide() * patchesPerSide();
    }

    /** Flattened patch length: 3 channels x patch x patch. */
    public int patchDim() {
        return 3 * patchSize * patchSize;
    }
}
