package dev.sightline.kit;

/**
 * A record that can never be processed (unreadable, or a payload that breaks the contract): not retried,
 * sent straight to the dead-letter topic, its task failed with this message.
 */
public final class PoisonRecordException extends RuntimeException {
    public PoisonRecordException(String message) {
        super(message);
    }

    public PoisonRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
