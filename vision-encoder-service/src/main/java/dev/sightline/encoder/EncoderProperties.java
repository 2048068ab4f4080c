package dev.sightline.encoder;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Vision-encoder settings ({@code sightline.encoder.*}).
 *
 * @param model the model bundle directory (its vision tower is used)
 * @param featureTtl how long visual tokens stay cached after their last use (each task on the frame renews it;
 *     Redis also evicts them under its LRU policy)
 * @param maxBatchFrames frames per encoder forward; a larger poll is encoded in several forwards
 */
@ConfigurationProperties("sightline.encoder")
public record EncoderProperties(
        Path model,
        @DefaultValue("24h") Duration featureTtl,
        @DefaultValue("64") int maxBatchFrames) {}
