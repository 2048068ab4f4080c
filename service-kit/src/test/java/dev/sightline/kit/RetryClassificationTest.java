package dev.sightline.kit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/** What the services' error handler retries before dead-lettering, as {@link ServiceKitConfiguration} sets it. */
class RetryClassificationTest {
    /** The handler's own matcher, which a record's failure (its causes included) is judged by. */
    private static final class Probe extends DefaultErrorHandler {
        Probe() {
            ServiceKitConfiguration.classify(this);
        }

        boolean retries(Exception e) {
            return getExceptionMatcher().match(new ListenerExecutionFailedException("listener failed", e));
        }
    }

    private final Probe handler = new Probe();

    @Test
    void aLostConnectionIsRetriedThoughSpringFilesItAsNonTransient() {
        assertTrue(handler.retries(new RedisConnectionFailureException("Unable to connect to Redis")));
        // a command cut off as Redis restarts, or refused while it loads its data
        assertTrue(handler.retries(new RedisSystemException("Connection closed", new IllegalStateException())));
        assertTrue(handler.retries(new RedisSystemException("LOADING Redis is loading the dataset", null)));
    }

    @Test
    void aPoisonRecordOrAValueTheDatabaseRejectsGoesStraightToTheDeadLetters() {
        assertFalse(handler.retries(new PoisonRecordException("not an event")));
        assertFalse(handler.retries(new DataIntegrityViolationException("invalid byte sequence for encoding")));
    }

    @Test
    void anyOtherFailureIsRetried() {
        assertTrue(handler.retries(new QueryTimeoutException("Redis command timed out")));
        assertTrue(handler.retries(new IllegalStateException("transient")));
    }
}
