package dev.sightline.latent.bundle;

/**
 * A model bundle could not be loaded or saved. The message always names the offending file and, where
 * one is involved, the tensor.
 */
public class BundleException extends RuntimeException {
    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
