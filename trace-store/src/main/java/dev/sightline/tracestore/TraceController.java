package dev.sightline.tracestore;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/traces/{taskId}} (the task, its steps in order and {@code complete}: the task's own record is
 * stored, it ended and every step it counts is stored) and {@code GET /v1/traces} (paged, newest first, filtered by tenant, status and
 * submission time). Internal: the gateway checks the tenant first.
 */
@RestController
class TraceController {
    private static final Set<String> STATUSES = Set.of("QUEUED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED");
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    private final TraceRepository repository;
    private final JsonMapper json;

    TraceController(TraceRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    @GetMapping("/v1/traces/{taskId}")
    Map<String, Object> trace(@PathVariable String taskId) {
        Map<String, Object> task = repository.task(taskId);
        if (task == null) {
            throw problem(HttpStatus.NOT_FOUND, "no trace for task " + taskId);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        task.forEach((k, v) -> out.put(k, readJsonColumn(k, v)));
        List<JsonNode> steps =
                repository.steps(taskId).stream().map(json::readTree).toList();
        boolean ended = TERMINAL.contains(String.valueOf(task.get("status")));
        if (ended && task.get("step_count") instanceof Number n) {
            // a task handed back and run again may have left rows past a shorter second run's count: the trace
            // is the steps its result counts
            steps = steps.stream()
                    .filter(s -> s.path("seq").asInt(Integer.MAX_VALUE) < n.intValue())
                    .toList();
        }
        out.put("steps", steps);
        // Steps and results arrive on different topics: a finished task's last steps may still be on their way.
        // (task_id, seq) is the key, so as many rows as the result counts means every seq is there.
        // So does the task's own record: a row its result or steps made first has no question or options yet.
        boolean recorded = task.get("options") != null;
        out.put(
                "complete",
                recorded && ended && task.get("step_count") instanceof Number n && n.intValue() == steps.size());
        return out;
    }

    @GetMapping("/v1/traces")
    Map<String, Object> list(
            @RequestParam(required = false) String tenant,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String since,
            @RequestParam(required = false) String until,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        if (status != null && !STATUSES.contains(status)) {
            throw problem(HttpStatus.BAD_REQUEST, "status must be one of " + STATUSES + ", got " + status);
        }
        if (page < 0 || size < 1 || size > 500) {
            throw problem(HttpStatus.BAD_REQUEST, "page must be >= 0 and size in 1..500");
        }
        List<Map<String, Object>> rows = repository.list(
                tenant, status, instant("since", since), instant("until", until), size + 1, page * size);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("page", page);
        out.put("size", size);
        out.put("has_more", rows.size() > size);
        out.put("items", rows.subList(0, Math.min(size, rows.size())));
        return out;
    }

    private static Instant instant(String parameter, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw problem(HttpStatus.BAD_REQUEST, parameter + " must be an ISO-8601 instant, got " + value);
        }
    }

    private Object readJsonColumn(String column, Object value) {
        if (value instanceof String s
                && Set.of("options", "image_digests", "usage", "feature_cache_hits")
                        .contains(column)) {
            return json.readTree(s);
        }
        return value;
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
