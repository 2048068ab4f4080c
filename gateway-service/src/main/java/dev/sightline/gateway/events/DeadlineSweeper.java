package dev.sightline.gateway.events;

import dev.sightline.contracts.task.TaskStatus;
import dev.sightline.gateway.task.DeadlineIndex;
import dev.sightline.gateway.task.TaskStore;
import dev.sightline.kit.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fails every task still open at its deadline, wherever it is stuck (a stage down, a record lost): the
 * failure goes out as a result event, so the trace store and every replica record it like any other end.
 * Each overdue task is claimed by one replica for a {@link #LEASE}; it leaves the deadline index only when its
 * result is recorded, so a failure that is never sent (the broker unreachable, this replica stopped) is claimed
 * and sent again once the lease runs out. The sweep does not wait for acknowledgements (it shares the scheduler
 * with the other sweeps of this service), and it stops early when a send fails before leaving or sends block.
 */
@Component
class DeadlineSweeper {
    private static final Logger log = LoggerFactory.getLogger(DeadlineSweeper.class);
    /** How long a claimed task is left to its claimer before another sweep may claim it again. */
    static final Duration LEASE = Duration.ofSeconds(30);

    private final TaskStore store;
    private final DeadlineIndex deadlines;
    private final EventPublisher publisher;

    DeadlineSweeper(TaskStore store, DeadlineIndex deadlines, EventPublisher publisher) {
        this.store = store;
        this.deadlines = deadlines;
        this.publisher = publisher;
    }

    @Scheduled(fixedDelayString = "${sightline.gateway.deadline-sweep-ms:1000}")
    void sweep() {
        long began = System.nanoTime();
        for (String taskId : deadlines.claimOverdue(Instant.now(), LEASE)) {
            // A send blocks while the broker is unknown (max.block.ms): stop well inside the lease, so no other
            // replica claims what this sweep is still sending; the rest come back when their lease runs out.
            if (System.nanoTime() - began > LEASE.toNanos() / 3) {
                break;
            }
            MDC.put("task_id", taskId);
            try {
                Map<String, String> task = store.get(taskId);
                String status = task.get("status");
                if (status == null || TaskStatus.valueOf(status).terminal()) {
                    deadlines.drop(taskId); // ended (or expired) while it waited to be swept
                    continue;
                }
                log.warn("task {} missed its deadline {} while {}", taskId, task.get("deadline"), status);
                var sent = publisher.fail(
                        taskId,
                        task.get("tenant"),
                        "deadline exceeded: not finished by " + task.get("deadline") + " (was " + status + ")");
                sent.whenComplete((ok, failed) -> {
                    if (failed != null) {
                        log.warn(
                                "could not fail overdue task {}; claimed again in {}: {}",
                                taskId,
                                LEASE,
                                failed.toString());
                    }
                });
                if (sent.isCompletedExceptionally()) {
                    break; // failed before it left (no broker): the next sends would block and fail the same way
                }
            } catch (RuntimeException e) {
                // this task only: the others of the sweep go on, and the lease brings this one back
                log.warn("could not fail overdue task {}; claimed again in {}: {}", taskId, LEASE, e.toString());
            } finally {
                MDC.remove("task_id");
            }
        }
    }
}
