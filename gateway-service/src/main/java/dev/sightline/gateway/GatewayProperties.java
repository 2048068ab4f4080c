package dev.sightline.gateway;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gateway settings ({@code sightline.gateway.*}).
 *
 * @param apiKeys API key → tenant
 * @param traceStoreUrl base URL of the trace store, for {@code GET /v1/tasks/{id}/trace}
 * @param defaultTimeout a task's deadline when the request gives none
 * @param maxTimeout the longest deadline a request may ask for
 * @param retention how long task state, images and idempotency keys stay in Redis
 * @param maxImageBytes one frame's encoded size limit
 * @param maxImageSide pixels per side (also what stops decompression bombs before decoding)
 * @param maxFrames frames per task
 * @param maxQuestionChars question length limit
 * @param maxWait the longest a request may be held with {@code Prefer: wait=N} (a longer wait is capped)
 * @param encodeCachedTasks whether a task whose frames' visual tokens are all cached goes straight to the reasoner
 *     (the gateway publishes its encoded event) instead of through the vision encoder
 */
@ConfigurationProperties("sightline.gateway")
public record GatewayProperties(
        Map<String, String> apiKeys,
        @DefaultValue("http://localhost:8085") String traceStoreUrl,
        @DefaultValue("120s") Duration defaultTimeout,
        @DefaultValue("1h") Duration maxTimeout,
        @DefaultValue("24h") Duration retention,
        @DefaultValue("10485760") long maxImageBytes,
        @DefaultValue("4096") int maxImageSide,
        @DefaultValue("16") int maxFrames,
        @DefaultValue("2000") int maxQuestionChars,
        @DefaultValue("60s") Duration maxWait,
        @DefaultValue("true") boolean encodeCachedTasks) {

    public GatewayProperties {
        apiKeys = apiKeys == null ? Map.of() : Map.copyOf(apiKeys);
    }
}
