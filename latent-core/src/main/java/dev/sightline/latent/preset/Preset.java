package dev.sightline.latent.preset;

import dev.sightline.latent.bundle.LatentInput;
import dev.sightline.latent.bundle.LatentKeyBias;
import dev.sightline.latent.bundle.LatentPositions;
import dev.sightline.latent.bundle.LatentSchedule;
import dev.sightline.latent.bundle.ModelConfig;
import dev.sightline.latent.bundle.SketchConfig;
import dev.sightline.latent.bundle.VisionConfig;
import java.util.Locale;

/** The shipped model sizes. Vocabulary sizes are fixed by the tokenizer trained at init. */
public enum Preset {
    /** 64x64 px, patch 8; hidden 256, 4 layers, 8 heads, 2 KV heads, MLP 768; sketch 3 x 256, M=16. */
    TINY(
            new VisionConfig(64, 8, 192, 4, 3, 768, 1e-6, 16),
            256,
            4,
            8,
            2,
            768,
            new SketchConfig(3, 256, 16, 20, 1000),
            512),
    /** 128x128 px, patch 16; hidden 512, 8 layers, 8 heads, 4 KV heads, MLP 1536; sketch 4 x 512, M=16. */
    SMALL(
            new VisionConfig(128, 16, 384, 6, 6, 1536, 1e-6, 16),
            512,
            8,
            8,
            4,
            1536,
            new SketchConfig(4, 512, 16, 20, 1000),
            1024);

    private final VisionConfig vision;
    private final int hidden;
    private final int layers;
    private final int heads;
    private final int kvHeads;
    private final int intermediate;
    private final SketchConfig sketch;
    private final int vocabSize;

    Preset(
            VisionConfig vision,
            int hidden,
            int layers,
            int heads,
            int kvHeads,
            int intermediate,
            SketchConfig sketch,
            int vocabSize) {
        this.vision = vision;
        this.hidden = hidden;
        this.layers = layers;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.intermediate = intermediate;
        this.sketch = sketch;
        this.vocabSize = vocabSize;
    }

    public static Preset parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown preset \"" + name + "\" (expected tiny or small)");
        }
    }

    /** Model vocabulary (tokenizer ids plus padding to a multiple of 64). */
    public int vocabSize() {
        return vocabSize;
    }

    /** The config for a tokenizer whose last control token is {@code endOfText}. */
    public ModelConfig config(int endOfText) {
        return new ModelConfig(
                vocabSize,
                hidden,
                intermediate,
                layers,
                heads,
                kvHeads,
                hidden / heads,
                4096,
                1e-6,
                10000.0,
                true,
                endOfText,
                endOfText,
                vision,
                sketch,
                LatentInput.HIDDEN_STATE,
                LatentSchedule.EACH_STEP,
                LatentKeyBias.NONE,
                LatentPositions.DISTINCT);
    }
}
