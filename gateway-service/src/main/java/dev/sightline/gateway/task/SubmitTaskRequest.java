package dev.sightline.gateway.task;

import java.util.List;

/**
 * {@code POST /v1/tasks} as JSON (snake_case); multipart requests carry the same fields as form parts and
 * the frames as {@code image} file parts. Absent options take the defaults in {@link TaskSubmission}.
 *
 * @param images base64-encoded PNG or JPEG frames, 1..16
 * @param timeoutSeconds the task's deadline, from submission
 * @param choices guided choice: the answer is one of these texts (1..64, each 1..200 characters, distinct)
 */
public record SubmitTaskRequest(
        String question,
        List<String> images,
        String mode,
        Integer latentSteps,
        Boolean latentBeforeEachStep,
        Integer maxTokens,
        Double temperature,
        Integer topK,
        Double topP,
        Long seed,
        Integer timeoutSeconds,
        List<String> choices) {}
