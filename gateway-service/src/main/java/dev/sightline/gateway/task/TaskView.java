package dev.sightline.gateway.task;

import java.util.List;
import java.util.Map;

/** What {@code GET /v1/tasks/{id}} returns (snake_case), built from the task's hash in Redis. */
public record TaskView(
        String id,
        String status,
        String question,
        String mode,
        String answer,
        String finishReason,
        String error,
        String stage,
        boolean degraded,
        Integer steps,
        Map<String, Number> usage,
        List<Boolean> featureCacheHits,
        String createdAt,
        String startedAt,
        String finishedAt,
        String deadline) {

    public static TaskView of(Map<String, String> h) {
        Map<String, Number> usage = null;
        if (h.containsKey("prompt_tokens")) {
            usage = new java.util.LinkedHashMap<>();
            usage.put("prompt_tokens", Integer.parseInt(h.get("prompt_tokens")));
            usage.put("text_tokens", Integer.parseInt(h.get("text_tokens")));
            usage.put("latent_steps", Integer.parseInt(h.get("latent_steps")));
            usage.put("sketches", Integer.parseInt(h.get("sketches")));
            usage.put("reasoner_ms", Double.parseDouble(h.get("reasoner_ms")));
        }
        List<Boolean> hits = null;
        String raw = h.get("feature_cache_hits");
        if (raw != null && raw.length() > 2) {
            hits = java.util.Arrays.stream(raw.substring(1, raw.length() - 1).split(","))
                    .map(s -> Boolean.parseBoolean(s.trim()))
                    .toList();
        }
        return new TaskView(
                h.get("id"),
                h.get("status"),
                h.get("question"),
                h.get("mode"),
                h.get("answer"),
                h.get("finish_reason"),
                h.get("error"),
                h.get("stage"),
                Boolean.parseBoolean(h.get("degraded")),
                h.containsKey("steps") ? Integer.valueOf(h.get("steps")) : null,
                usage,
                hits,
                h.get("created_at"),
                h.get("started_at"),
                h.get("finished_at"),
                h.get("deadline"));
    }
}
