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
    private ArchivedTask() {}

    /** The task view of {@code trace} (a {@code GET /v1/traces/{id}} body), or null when {@code tenant} does not own it. */
    static TaskView of(JsonNode trace, String tenant) {
        if (!tenant.equals(trace.path("tenant").asString(null))) {
            return null;
        }
        Map<String, String> h = new LinkedHashMap<>();
        put(h, "id", trace.path("task_id"));
        put(h, "status", trace.path("status"));
        put(h, "question", trace.path("question"));
        put(h, "mode", trace.path("options").path("mode"));
        put(h, "answer", trace.path("answer"));
        put(h, "finish_reason", trace.path("finish_reason"));
        put(h, "error", trace.path("error"));
        put(h, "stage", trace.path("stage"));
        put(h, "degraded", trace.path("degraded"));
        put(h, "steps", trace.path("step_count"));
        JsonNode usage = trace.path("usage");
        if (usage.isObject()) {
            put(h, "prompt_tokens", usage.path("prompt_tokens"));
            put(h, "text_tokens", usage.path("text_tokens"));
            put(h, "latent_steps", usage.path("latent_steps"));
            put(h, "sketches", usage.path("sketches"));
            put(h, "reasoner_ms", usage.path("ms"));
        }
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
