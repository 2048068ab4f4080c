package dev.sightline.gateway.events;

import dev.sightline.gateway.Problems;
import dev.sightline.gateway.auth.Tenant;
import dev.sightline.gateway.task.TaskStore;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /v1/tasks/{id}/events}: the task's steps as server-sent events ({@code step}, id = seq), then one
 * {@code result} event. Resumable: {@code Last-Event-ID: n} continues at step n+1. Steps come from Redis,
 * which every replica fills, so the stream is the same whichever replica the client reaches.
 */
@RestController
class TaskEventsController {
    private final TaskStore store;
    private final TaskEventHub hub;

    TaskEventsController(TaskStore store, TaskEventHub hub) {
        this.store = store;
        this.hub = hub;
    }

    @GetMapping(path = "/v1/tasks/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(
            @PathVariable String id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            HttpServletRequest request) {
        Map<String, String> task = store.get(id);
        if (task.isEmpty() || !Tenant.of(request).equals(task.get("tenant"))) {
            throw Problems.notFound(id);
        }
        int from = 0;
        boolean resultSent = false;
        if (lastEventId != null && !lastEventId.isBlank()) {
            if (lastEventId.strip().equals(TaskEventHub.RESULT_EVENT_ID)) {
                resultSent = true;
            } else {
                int last;
                try {
                    last = Integer.parseInt(lastEventId.strip());
                } catch (NumberFormatException e) {
                    last = Integer.MIN_VALUE;
                }
                // below -1 or at the int limit, the stream would wait for steps that never come
                if (last < -1 || last == Integer.MAX_VALUE) {
                    throw Problems.of(
                            HttpStatus.BAD_REQUEST,
                            "last-event-id",
                            "Last-Event-ID must be a step number (-1 or more) or 'result', got '" + lastEventId + "'");
                }
                from = last + 1;
            }
        }
        String deadline = task.get("deadline");
        return hub.subscribe(id, from, resultSent, deadline == null ? null : Instant.parse(deadline));
    }
}
