package dev.sightline.reasoner;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Reasoner settings ({@code sightline.reasoner.*}).
 *
 * @param model the model bundle directory
 * @param decoderUrl base URL of the diffusion-decoder service (sketches)
 * @param decoderTimeout one sketch call attempt's limit (Resilience4j's time limiter; retry and breaker around it)
 * @param maxBatch sessions stepped together; more wait in the scheduler's queue
 * @param maxWaiting tasks admitted beyond a full batch; further tasks are left in Kafka, as consumer lag, until
 *     there is room (so the lag KEDA scales on shows a reasoner's backlog)
 * @param maxSequenceLength positions per session
 * @param prefixCache memory for keys and values of prompt prefixes already computed (the same frames asked about
 *     again skip their prefill); 0 turns the prefix cache off
 * @param drainTimeout on shutdown, how long running sessions may finish before they are left, unacknowledged,
 *     for another replica to run again
 */
@ConfigurationProperties("sightline.reasoner")
public record ReasonerProperties(
        Path model,
        @DefaultValue("http://localhost:8084") String decoderUrl,
        @DefaultValue("2s") Duration decoderTimeout,
        @DefaultValue("64") int maxBatch,
        @DefaultValue("16") int maxWaiting,
        @DefaultValue("1024") int maxSequenceLength,
        @DefaultValue("64MB") DataSize prefixCache,
        @DefaultValue("10s") Duration drainTimeout) {}
