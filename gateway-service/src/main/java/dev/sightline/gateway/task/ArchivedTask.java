package dev.sightline.gateway.task;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A task whose state has left Redis (its retention, 24 h by default) as the trace store still holds it: the
 * gateway answers {@code GET /v1/tasks/{id}} from the trace's task row, in the hash's field names, so the task
 * outlives its state as its trace does. The trace store's tenant column decides who may read it.
 */
final class ArchivedTask {
    /** Task hash field → trace-store column, where only the name differs (or not). */
    private static final Map<String, String> TASK_FIELDS = Map.of(
            "id", "task_id",
            "status", "status",
            "question", "question",
            "answer", "answer",
            "finish_reason", "finish_reason",
            "error", "error",
            "stage", "stage",
            "degraded", "degraded",
            "steps", "step_count");
    /** Usage fields of the task hash → keys of the trace store's {@code usage} object. */
    private static final Map<String, String> USAGE_FIELDS = Map.of(
            "prompt_tokens", "prompt_tokens",
            "text_tokens", "text_tokens",
            "latent_steps", "latent_steps",
            "sketches", "sketches",
            "reasoner_ms", "ms");

    private ArchivedTask() {}

    /** The task view of {@code trace} (a {@code GET /v1/traces/{id}} body), or null when {@code tenant} does not own it. */
    static TaskView of(JsonNode trace, String tenant) {
        if (!tenant.equals(trace.path("tenant").asString(null))) {
            return null;
        }
        Map<String, String> h = new LinkedHashMap<>();
        TASK_FIELDS.forEach((field, column) -> put(h, field, trace.path(column)));
        put(h, "mode", trace.path("options").path("mode"));
        JsonNode usage = trace.path("usage");
        USAGE_FIELDS.forEach((field, key) -> put(h, field, usage.path(key)));
        JsonNode hits = trace.path("feature_cache_hits");
        if (hits.isArray()) {
            h.put("feature_cache_hits", hits.toString());
        }
        // the hash's instants (Instant.toString()); started_at is not kept by the trace store
        putInstant(h, "created_at", trace.path("submitted_at"));
        putInstant(h, "finished_at", trace.path("finished_at"));
        putInstant(h, "deadline", trace.path("deadline"));
        return TaskView.of(h);
    }

    private static void putInstant(Map<String, String> h, String field, JsonNode value) {
        if (value.isNumber()) {
            h.put(field, Instant.ofEpochMilli(value.asLong()).toString());
        } else if (value.isString()) {
            h.put(field, OffsetDateTime.parse(value.asString()).toInstant().toString());
        }
    }

    private static void put(Map<String, String> h, String field, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) {
            h.put(field, value.asString());
        }
    }
}
