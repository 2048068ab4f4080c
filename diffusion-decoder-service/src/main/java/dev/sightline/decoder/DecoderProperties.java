package dev.sightline.decoder;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Decoder settings ({@code sightline.decoder.*}).
 *
 * @param model the model bundle directory (its {@code sketch_head.} tensors are used)
 * @param maxBatch sketches sampled together
 * @param batchWindow how long the first request of a batch waits for others to join
 */
@ConfigurationProperties("sightline.decoder")
public record DecoderProperties(
        Path model,
        @DefaultValue("64") int maxBatch,
        @DefaultValue("2ms") Duration batchWindow) {}
