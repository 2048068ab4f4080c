package dev.sightline.decoder;

import dev.sightline.contracts.sketch.SketchRequest;
import dev.sightline.contracts.sketch.SketchResponse;
import dev.sightline.latent.bundle.ModelBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/sketches}: condition vectors in, M latents each out. */
@RestController
class SketchController {
    private final SketchBatcher batcher;
    private final int dim;

    SketchController(SketchBatcher batcher, ModelBundle bundle) {
        this.batcher = batcher;
        this.dim = bundle.config().hiddenSize();
    }

    @PostMapping("/v1/sketches")
    SketchResponse sketch(@RequestBody SketchRequest request) throws InterruptedException {
        float[][] conditions = request.conditions();
        long[] seeds = request.seeds();
        if (conditions == null || conditions.length == 0 || seeds == null || seeds.length != conditions.length) {
            throw invalid("give conditions [B][" + dim + "] and as many seeds");
        }
        List<CompletableFuture<float[]>> futures = new ArrayList<>();
        for (int i = 0; i < conditions.length; i++) {
            if (conditions[i] == null || conditions[i].length != dim) {
                throw invalid("conditions[" + i + "] must have " + dim + " values");
            }
            for (float v : conditions[i]) {
                if (!Float.isFinite(v)) {
                    throw invalid("conditions[" + i + "] holds a non-finite value");
                }
            }
            futures.add(batcher.submit(conditions[i], seeds[i]));
        }
        float[][] latents = new float[conditions.length][];
        try {
            for (int i = 0; i < latents.length; i++) {
                latents[i] = futures.get(i).get();
            }
        } catch (ExecutionException e) {
            throw new ErrorResponseException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemDetail.forStatusAndDetail(
                            HttpStatus.SERVICE_UNAVAILABLE, e.getCause().getMessage()),
                    e);
        }
        return new SketchResponse(batcher.numLatents(), dim, latents);
    }

    private static ErrorResponseException invalid(String detail) {
        return new ErrorResponseException(
                HttpStatus.UNPROCESSABLE_CONTENT,
                ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, detail),
                null);
    }
}
