package dev.sightline.latent.bundle;

import java.util.ArrayList;
import java.util.List;

/**
 * Ids of the control tokens that drive a reasoning session. A Sightline bundle's tokenizer must hold all
 * of them as added tokens; a plain Qwen2 text checkpoint has none and only runs in {@code text} mode.
 */
public record ControlTokens(
        int image, int latentStart, int latentEnd, int sketchStart, int sketchEnd, int answer, int endOfText) {

    public static final String IMAGE = "<|image|>";
    public static final String LATENT_START = "<|latent_start|>";
    public static final String LATENT_END = "<|latent_end|>";
    public static final String SKETCH_START = "<|sketch_start|>";
    public static final String SKETCH_END = "<|sketch_end|>";
    public static final String ANSWER = "<|answer|>";
    public static final String END_OF_TEXT = "<|endoftext|>";

    /** In id order of the record components. */
    public static final List<String> ALL =
            List.of(IMAGE, LATENT_START, LATENT_END, SKETCH_START, SKETCH_END, ANSWER, END_OF_TEXT);

    /** Resolves every control token or fails naming the ones the tokenizer lacks. */
    public static ControlTokens resolve(BundleTokenizer tokenizer, String file) {
        List<String> missing = new ArrayList<>();
        int[] ids = new int[ALL.size()];
        for (int i = 0; i < ids.length; i++) {
            var id = tokenizer.addedToken(ALL.get(i));
            if (id.isEmpty()) {
                missing.add(ALL.get(i));
            } else {
                ids[i] = id.getAsInt();
            }
        }
        if (!missing.isEmpty()) {
            throw new BundleException(file + ": tokenizer lacks the control tokens " + missing
                    + " (a Sightline bundle needs all of " + ALL + " as added tokens)");
        }
        return new ControlTokens(ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6]);
    }

    /** Tokens the engine inserts itself and a sampler must never produce. */
    public int[] engineInserted() {
        return new int[] {image, latentEnd, sketchEnd};
    }
}
