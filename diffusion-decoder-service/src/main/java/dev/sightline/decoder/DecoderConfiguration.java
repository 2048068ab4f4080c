package dev.sightline.decoder;

import dev.sightline.latent.bundle.ModelBundle;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DecoderConfiguration {
    @Bean(destroyMethod = "close")
    ModelBundle modelBundle(DecoderProperties properties) {
        if (properties.model() == null) {
            throw new IllegalStateException("sightline.decoder.model is not set: give the model bundle directory");
        }
        return ModelBundle.load(properties.model());
    }

    @Bean
    DistributionSummary sketchBatchSizes(MeterRegistry meters, SketchBatcher batcher) {
        var summary = DistributionSummary.builder("sightline.decoder.batch.size")
                .description("sketches sampled per diffusion-head call")
                .register(meters);
        batcher.batchSizes = summary;
        return summary;
    }
}
