package dev.sightline.gateway.events;

import dev.sightline.contracts.task.TaskStatus;
import dev.sightline.gateway.task.TaskStore;
import dev.sightline.kit.EventPublisher;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fails every task still open at its deadline, wherever it is stuck (a stage down, a record lost): the
 * failure goes out as a result event, so the trace store and every replica record it like any other end.
 * Each overdue task is claimed by exactly one replica.
 */
@Component
class DeadlineSweeper {
    private static final Logger log = LoggerFactory.getLogger(DeadlineSweeper.class);

    private final TaskStore store;
    private final EventPublisher publisher;

    DeadlineSweeper(TaskStore store, EventPublisher publisher) {
        this.store = store;
        this.publisher = publisher;
    }

    @Scheduled(fixedDelayString = "${sightline.gateway.deadline-sweep-ms:1000}")
    void sweep() {
        for (String taskId : store.claimOverdue(Instant.now())) {
            Map<String, String> task = store.get(taskId);
            String status = task.get("status");
            if (status == null || TaskStatus.valueOf(status).terminal()) {
                continue;
            }
            org.slf4j.MDC.put("task_id", taskId);
            log.warn("task {} missed its deadline {} while {}", taskId, task.get("deadline"), status);
            publisher.fail(
                    taskId,
                    task.get("tenant"),
                    "deadline exceeded: not finished by " + task.get("deadline") + " (was " + status + ")");
        }
    }
}
