package dev.sightline.gateway.events;

import dev.sightline.contracts.task.TaskStatus;
import dev.sightline.gateway.Problems;
import dev.sightline.gateway.auth.Tenant;
import dev.sightline.gateway.task.TaskStore;
import dev.sightline.gateway.task.TraceArchive;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/tasks/{id}/events}: the task's steps as server-sent events ({@code step}, id = seq), then one
 * {@code result} event. Resumable: {@code Last-Event-ID: n} continues at step n+1. Steps come from Redis,
 * which every replica fills, so the stream is the same whichever replica the client reaches. Once the task's state
 * has expired from Redis, the stream is rebuilt from the trace store ({@link TraceArchive}).
 */
@RestController
class TaskEventsController {
    private final TaskStore store;
    private final TaskEventHub hub;
    private final TraceArchive archive;
    private final JsonMapper json;

    TaskEventsController(TaskStore store, TaskEventHub hub, TraceArchive archive, JsonMapper json) {
        this.store = store;
        this.hub = hub;
        this.archive = archive;
        this.json = json;
    }

    @GetMapping(path = "/v1/tasks/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(
            @PathVariable String id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            HttpServletRequest request) {
        Map<String, String> task = store.get(id);
        String tenant = Tenant.of(request);
        if (!task.isEmpty() && !tenant.equals(task.get("tenant"))) {
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
        if (task.isEmpty()) {
            // the task's state has expired: it ended long ago, and the trace store still has its stream
            TraceArchive.Replay archived = archive.replay(id, tenant);
            if (!TaskStatus.valueOf(archived.task().status()).terminal()) {
                // the trace store never heard its end (a dead-lettered result): no stream could ever finish
                throw Problems.of(
                        HttpStatus.NOT_FOUND,
                        "task-not-found",
                        "task " + id + " has expired and its stored trace has no end; GET it for what is known");
            }
            return replay(archived, from, resultSent);
        }
        String deadline = task.get("deadline");
        return hub.subscribe(id, from, resultSent, deadline == null ? null : Instant.parse(deadline));
    }

    /** An archived task's events, as the live stream sent them: its steps from {@code from}, then its result. */
    private SseEmitter replay(TraceArchive.Replay archived, int from, boolean resultSent) {
        SseEmitter emitter = new SseEmitter(30_000L);
        try {
            if (!resultSent) {
                for (JsonNode step : archived.steps()) {
                    int seq = step.path("seq").asInt();
                    if (seq >= from) {
                        emitter.send(TaskEventHub.stepEvent(seq, step.toString()));
                    }
                }
                emitter.send(TaskEventHub.resultEvent(json.writeValueAsString(archived.task())));
            }
            emitter.complete();
        } catch (IOException e) {
            emitter.completeWithError(e);
        }
        return emitter;
    }
}
