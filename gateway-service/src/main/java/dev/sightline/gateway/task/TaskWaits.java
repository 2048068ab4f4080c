package dev.sightline.gateway.task;

import dev.sightline.contracts.task.TaskStatus;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Requests on this replica held until their task ends ({@code Prefer: wait=N} on {@code POST /v1/tasks} and
 * {@code GET /v1/tasks/{id}}). The results listeners call {@link #ended} for every result this replica sees
 * while someone waits for it; a short sweep re-reads the waited tasks as a safety net (a result stored by
 * another replica's write, a wake-up lost to a Redis error), as the SSE streams' sweep does.
 *
 * <p>A waiter is registered before the task's state is read, so a result that lands in between is seen by one
 * of the two. Timeouts belong to the caller (the held request's own {@code DeferredResult} timeout): it
 * {@link #forget}s its waiter when the request completes, however it completes.
 */
@Component
public class TaskWaits {
    private final TaskStore store;
    private final Map<String, Set<CompletableFuture<Map<String, String>>>> waiting = new ConcurrentHashMap<>();

    TaskWaits(TaskStore store) {
        this.store = store;
    }

    /** Completes with the task's hash once it is terminal (at once when it already is). */
    CompletableFuture<Map<String, String>> untilEnded(String taskId) {
        var waiter = new CompletableFuture<Map<String, String>>();
        waiting.computeIfAbsent(taskId, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        completeIfEnded(taskId, Set.of(waiter));
        return waiter;
    }

    /** Drops a waiter that stopped waiting (timed out, client gone). */
    void forget(String taskId, CompletableFuture<Map<String, String>> waiter) {
        waiting.computeIfPresent(taskId, (k, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
    }

    /** Whether a request on this replica waits for {@code taskId} to end. */
    public boolean waiting(String taskId) {
        return taskId != null && waiting.containsKey(taskId);
    }

    /** {@code taskId}'s result is in Redis: its waiters are answered. */
    public void ended(String taskId) {
        Set<CompletableFuture<Map<String, String>>> set = waiting.get(taskId);
        if (set != null) {
            completeIfEnded(taskId, set);
        }
    }

    @Scheduled(fixedDelay = 500)
    void sweep() {
        waiting.forEach(this::completeIfEnded);
    }

    private void completeIfEnded(String taskId, Set<CompletableFuture<Map<String, String>>> waiters) {
        Map<String, String> task = store.get(taskId);
        String status = task.get("status");
        if (status == null || !TaskStatus.valueOf(status).terminal()) {
            return;
        }
        for (var waiter : Set.copyOf(waiters)) {
            waiter.complete(task);
            forget(taskId, waiter);
        }
    }
}
