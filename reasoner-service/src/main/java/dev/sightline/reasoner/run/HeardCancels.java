package dev.sightline.reasoner.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Cancels heard, by task id, each kept for {@link #MEMORY} rather than dropped when no session matches it: a cancel
 * can arrive between the listener's lookup (not cancelled yet) and the task's admission. Heard on any thread, taken
 * on the scheduler's.
 */
final class HeardCancels {
    static final long MEMORY = TimeUnit.SECONDS.toNanos(60);

    /** Task id to when it was heard (nanoTime). */
    private final Map<String, Long> heard = new ConcurrentHashMap<>();

    void heard(String taskId) {
        heard.put(taskId, System.nanoTime());
    }

    /** Whether a cancel of {@code taskId} was heard and not taken yet; takes it. */
    boolean take(String taskId) {
        return heard.remove(taskId) != null;
    }

    /** Forgets what was heard longer than {@link #MEMORY} ago. */
    void forgetOld() {
        long before = System.nanoTime() - MEMORY;
        heard.values().removeIf(at -> at - before < 0);
    }
}
