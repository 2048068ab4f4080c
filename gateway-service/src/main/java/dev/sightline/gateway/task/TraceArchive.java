package dev.sightline.gateway.task;

import dev.sightline.gateway.GatewayProperties;
import dev.sightline.gateway.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's reads of the trace store: a task's stored trace, and — once the task's state has left Redis (its
 * retention, 24 h by default) — the task itself ({@link ArchivedTask}) and its event stream, rebuilt from the trace.
 * The trace store's tenant column decides who may read an archived task; an unknown id, another tenant's task and
 * a trace store that cannot be asked all look the same: not found.
 */
@Component
public class TraceArchive {
    /** An ended task's stream as the trace store holds it: its step records, in order, and its view. */
    public record Replay(List<JsonNode> steps, TaskView task) {}

    private final RestClient traceStore;
    private final JsonMapper json;

    TraceArchive(GatewayProperties properties, RestClient.Builder http, JsonMapper json) {
        this.traceStore = http.baseUrl(properties.traceStoreUrl()).build();
        this.json = json;
    }

    /** The trace store's {@code GET /v1/traces/{id}} body; {@code missing} when it has none. */
    String traceBody(String id, Supplier<ErrorResponseException> missing) {
        try {
            return traceStore.get().uri("/v1/traces/{id}", id).retrieve().body(String.class);
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().value() == 404) {
                throw missing.get();
            }
            throw Problems.of(HttpStatus.BAD_GATEWAY, "trace-store", "trace store answered " + e.getStatusCode());
        } catch (org.springframework.web.client.ResourceAccessException e) {
            throw Problems.of(
                    HttpStatus.SERVICE_UNAVAILABLE, "trace-store", "trace store unreachable: " + e.getMessage());
        }
    }

    /** The archived task as {@code tenant} sees it; a 404 problem when there is none for it. */
    TaskView task(String id, String tenant) {
        return replay(id, tenant).task();
    }

    /** The archived task's steps and view for {@code tenant}; a 404 problem when there is none for it. */
    public Replay replay(String id, String tenant) {
        JsonNode trace;
        try {
            trace = json.readTree(traceBody(id, () -> Problems.notFound(id)));
        } catch (ErrorResponseException e) {
            throw Problems.notFound(id); // an unknown id must not turn into a 5xx because the trace store is down
        }
        TaskView view = ArchivedTask.of(trace, tenant);
        if (view == null) {
            throw Problems.notFound(id);
        }
        List<JsonNode> steps = new ArrayList<>();
        trace.path("steps").forEach(steps::add);
        return new Replay(steps, view);
    }
}
