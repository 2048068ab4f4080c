package dev.sightline.latent.sketch;

/** The sketch decoder could not answer; the session records {@code SKETCH_SKIPPED} and continues. */
public class SketchUnavailableException extends RuntimeException {
    public SketchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
