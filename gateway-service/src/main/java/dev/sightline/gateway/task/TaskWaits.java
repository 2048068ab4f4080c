package dev.sightline.gateway.task;

import dev.sightline.contracts.task.TaskStatus;
import java.util.List;
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
 * of the two; a task just submitted is not read again (see {@link #untilEnded(String, Map)}). Timeouts belong to the caller (the held request's own {@code DeferredResult} timeout): it
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
        var waiter = register(taskId);
        completeIfEnded(taskId, store.get(taskId), Set.of(waiter));
        return waiter;
    }

    /**
     * As {@link #untilEnded(String)} for a task whose open state this request has just written itself, so reading
     * it again would tell nothing new: its result can only land after its record was acknowledged, and one that
     * lands in the moment between that and this registration is answered by the sweep, at most 500 ms later.
     */
    CompletableFuture<Map<String, String>> untilEnded(String taskId, Map<String, String> justWritten) {
        var waiter = register(taskId);
        completeIfEnded(taskId, justWritten, Set.of(waiter));
        return waiter;
    }

    private CompletableFuture<Map<String, String>> register(String taskId) {
        var waiter = new CompletableFuture<Map<String, String>>();
        waiting.computeIfAbsent(taskId, k -> ConcurrentHashMap.newKeySet()).add(waiter);
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

    /** These tasks' results are in Redis: their waiters are answered with the hashes that recording them returned. */
    public void ended(List<TaskStore.Ended> ended) {
        for (TaskStore.Ended e : ended) {
            var waiters = waiting.get(e.taskId());
            if (waiters != null) {
                completeIfEnded(e.taskId(), e.task(), waiters);
            }
        }
    }

    @Scheduled(fixedDelay = 500)
    void sweep() {
        completeIfEnded(List.copyOf(waiting.keySet()));
    }

    private void completeIfEnded(List<String> taskIds) {
        List<Map<String, String>> tasks = store.getAll(taskIds);
        for (int i = 0; i < taskIds.size(); i++) {
            var waiters = waiting.get(taskIds.get(i));
            if (waiters != null) {
                completeIfEnded(taskIds.get(i), tasks.get(i), waiters);
            }
        }
    }

    private void completeIfEnded(
            String taskId, Map<String, String> task, Set<CompletableFuture<Map<String, String>>> waiters) {
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
