package dev.sightline.gateway.events;

import dev.sightline.contracts.task.TaskStatus;
import dev.sightline.gateway.task.TaskStore;
import dev.sightline.kit.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fails every task still open at its deadline, wherever it is stuck (a stage down, a record lost): the
 * failure goes out as a result event, so the trace store and every replica record it like any other end.
 * Each overdue task is claimed by exactly one replica. Claiming takes the task out of the deadline index, so a
 * failure that could not be sent (the broker unreachable, the send timing out) puts it back to be tried again:
 * otherwise nothing would ever end it.
 */
@Component
class DeadlineSweeper {
    private static final Logger log = LoggerFactory.getLogger(DeadlineSweeper.class);
    /** How long a sweep waits for its failures to be acknowledged before giving them back to the index. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    /** When a failure that could not be sent is tried again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final TaskStore store;
    private final EventPublisher publisher;

    DeadlineSweeper(TaskStore store, EventPublisher publisher) {
        this.store = store;
        this.publisher = publisher;
    }

    @Scheduled(fixedDelayString = "${sightline.gateway.deadline-sweep-ms:1000}")
    void sweep() {
        Map<String, CompletableFuture<?>> sent = new LinkedHashMap<>();
        for (String taskId : store.claimOverdue(Instant.now())) {
            try {
                Map<String, String> task = store.get(taskId);
                String status = task.get("status");
                if (status == null || TaskStatus.valueOf(status).terminal()) {
                    continue;
                }
                MDC.put("task_id", taskId);
                log.warn("task {} missed its deadline {} while {}", taskId, task.get("deadline"), status);
                sent.put(
                        taskId,
                        publisher.fail(
                                taskId,
                                task.get("tenant"),
                                "deadline exceeded: not finished by " + task.get("deadline") + " (was " + status
                                        + ")"));
            } catch (RuntimeException e) {
                giveBack(taskId, e);
            } finally {
                MDC.remove("task_id");
            }
        }
        long waitUntil = System.nanoTime() + SEND_TIMEOUT.toNanos();
        for (Map.Entry<String, CompletableFuture<?>> e : sent.entrySet()) {
            try {
                e.getValue().get(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                giveBack(e.getKey(), interrupted);
            } catch (Exception failed) {
                giveBack(e.getKey(), failed);
            }
        }
    }

    private void giveBack(String taskId, Exception why) {
        log.warn("could not fail overdue task {} ({}); trying again in {}", taskId, why.toString(), RETRY_AFTER);
        try {
            store.requeueDeadline(taskId, Instant.now().plus(RETRY_AFTER));
        } catch (RuntimeException e) {
            // Redis gone too: the task stays out of the index, and its hash expires with the retention
            log.error("could not put overdue task {} back in the deadline index", taskId, e);
        }
    }
}
