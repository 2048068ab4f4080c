package dev.sightline.reasoner.run;

import dev.sightline.contracts.task.StepRecorded;
import dev.sightline.latent.session.Step;

/** Engine step → event payload. Sketch latents stay here; the event carries their count and RMS. */
final class StepRecords {
    private StepRecords() {}

    static StepRecorded of(Step s, int hiddenSize) {
        return switch (s.kind()) {
            case TEXT, ANSWER ->
                new StepRecorded(
                        s.seq(),
                        s.kind().name(),
                        s.text(),
                        s.tokenIds(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        s.finishReason(),
                        s.ms());
            case LATENT ->
                new StepRecorded(
                        s.seq(),
                        s.kind().name(),
                        null,
                        null,
                        s.segment(),
                        s.index(),
                        s.latent().norm(),
                        s.latent().patches(),
                        s.latent().tokens(),
                        s.latent().tokenTexts(),
                        null,
                        null,
                        null,
                        s.ms());
            case SKETCH -> {
                float[] latents = s.sketchLatents();
                double sq = 0;
                for (float v : latents) {
                    sq += (double) v * v;
                }
                yield new StepRecorded(
                        s.seq(),
                        s.kind().name(),
                        null,
                        null,
                        s.segment(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        latents.length / hiddenSize,
                        Math.sqrt(sq / Math.max(1, latents.length)),
                        null,
                        s.ms());
            }
            case SKETCH_SKIPPED ->
                new StepRecorded(
                        s.seq(),
                        s.kind().name(),
                        s.text(),
                        null,
                        s.segment(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        s.ms());
        };
    }
}
