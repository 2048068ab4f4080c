package dev.sightline.gateway.task;

import dev.sightline.contracts.EventTypes;
import dev.sightline.contracts.RedisKeys;
import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.EncoderDescriptor;
import dev.sightline.contracts.task.TaskOptions;
import dev.sightline.contracts.task.TaskResult;
import dev.sightline.contracts.task.TaskSubmitted;
import dev.sightline.gateway.GatewayProperties;
import dev.sightline.gateway.Problems;
import dev.sightline.gateway.image.ImageInspector;
import dev.sightline.kit.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Validates a submission completely before touching Redis or Kafka (a rejected request leaves nothing
 * behind), then stores the frames by digest, claims the idempotency key, records the task and publishes it. When
 * the running encoder already cached every frame's visual tokens (asked in the same Redis round trip), the gateway
 * also publishes the task's encoded event, so the task skips the encoder's hop.
 */
@Service
class TaskSubmission {
    private static final Logger log = LoggerFactory.getLogger(TaskSubmission.class);
    static final int MAX_LATENT_STEPS = 64;

    private final GatewayProperties properties;
    private final TaskStore store;
    private final EventPublisher publisher;
    private final ImageInspector inspector;
    private final MeterRegistry meters;
    private final CachedEncoder cachedEncoder;

    TaskSubmission(
            GatewayProperties properties,
            TaskStore store,
            EventPublisher publisher,
            MeterRegistry meters,
            CachedEncoder cachedEncoder) {
        this.meters = meters;
        this.cachedEncoder = cachedEncoder;
        this.properties = properties;
        this.store = store;
        this.publisher = publisher;
        this.inspector = new ImageInspector(properties.maxImageBytes(), properties.maxImageSide());
    }

    /** A validated submission. */
    record Accepted(String question, List<byte[]> frames, List<String> digests, TaskOptions options, Duration timeout) {
        String fingerprint() {
            // without an empty choices list, a key replayed across the upgrade that added it still matches
            String o =
                    options.choices().isEmpty() ? options.toString().replace(", choices=[]", "") : options.toString();
            return sha256((question + "\u0000" + digests + "\u0000" + o + "\u0000" + timeout)
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Outcome: the task, whether it was created now (false: an idempotent replay) and, when it was, its hash as
     * written (a fresh task needs no read back).
     */
    record Submitted(String taskId, boolean created, Map<String, String> task) {}

    /** Index of the first char that is a control other than tab, CR and LF, or half a surrogate pair; -1 if none. */
    static int firstNonText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
                return i;
            }
        }
        return -1;
    }

    Accepted validate(SubmitTaskRequest r, List<byte[]> frames) {
        String question = r.question() == null ? "" : r.question().strip();
        if (question.isEmpty()) {
            throw invalid("empty-question", "the question is empty");
        }
        if (question.length() > properties.maxQuestionChars()) {
            throw invalid(
                    "question-too-long",
                    "the question has " + question.length() + " characters; the limit is "
                            + properties.maxQuestionChars());
        }
        int bad = firstNonText(question);
        if (bad >= 0) {
            // PostgreSQL's text refuses U+0000, and the tokenizer has no use for controls or half a surrogate pair:
            // refused here, the task never reaches the pipeline only to be lost from the trace store.
            throw invalid(
                    "question-not-text",
                    String.format(
                            "the question has U+%04X at character %d; a question is text without control"
                                    + " characters (tab and line breaks allowed)",
                            (int) question.charAt(bad), bad + 1));
        }
        if (frames.isEmpty()) {
            throw invalid("no-images", "a task needs 1 to " + properties.maxFrames() + " images");
        }
        if (frames.size() > properties.maxFrames()) {
            throw Problems.of(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "too-many-frames",
                    frames.size() + " images; a task takes at most " + properties.maxFrames());
        }
        String mode = r.mode() == null ? "latent" : r.mode().strip().toLowerCase();
        if (!TaskOptions.MODES.contains(mode)) {
            throw invalid("unknown-mode", "unknown mode '" + r.mode() + "'; expected one of text, latent, mixed, auto");
        }
        int latentSteps = r.latentSteps() == null ? 4 : r.latentSteps();
        if (latentSteps < 0 || latentSteps > MAX_LATENT_STEPS) {
            throw invalid("latent-steps", "latent_steps must be in 0.." + MAX_LATENT_STEPS + ", got " + latentSteps);
        }
        int maxTokens = r.maxTokens() == null ? 256 : r.maxTokens();
        if (maxTokens < 1 || maxTokens > 4096) {
            throw invalid("max-tokens", "max_tokens must be in 1..4096, got " + maxTokens);
        }
        double temperature = r.temperature() == null ? 0 : r.temperature();
        int topK = r.topK() == null ? 0 : r.topK();
        double topP = r.topP() == null ? 1 : r.topP();
        if (!(temperature >= 0 && temperature <= 10) || topK < 0 || !(topP > 0 && topP <= 1)) {
            throw invalid(
                    "sampling",
                    "sampling needs temperature in [0, 10], top_k >= 0, top_p in (0, 1]; got " + temperature + ", "
                            + topK + ", " + topP);
        }
        Duration timeout =
                r.timeoutSeconds() == null ? properties.defaultTimeout() : Duration.ofSeconds(r.timeoutSeconds());
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(properties.maxTimeout()) > 0) {
            throw invalid(
                    "timeout",
                    "timeout_seconds must be in 1.." + properties.maxTimeout().toSeconds() + ", got "
                            + r.timeoutSeconds());
        }
        List<String> choices = choices(r.choices());
        List<String> digests = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            inspector.inspect(frames.get(i), "image " + i);
            digests.add(sha256(frames.get(i)));
        }
        boolean beforeEachStep = r.latentBeforeEachStep() == null
                ? TaskOptions.latentBeforeEachStepByDefault(mode)
                : r.latentBeforeEachStep();
        var options = new TaskOptions(
                mode, latentSteps, beforeEachStep, maxTokens, temperature, topK, topP, r.seed(), choices);
        return new Accepted(question, frames, digests, options, timeout);
    }

    Submitted submit(String tenant, Accepted a, String idempotencyKey) {
        String taskId = UUID.randomUUID().toString();
        if (idempotencyKey != null) {
            if (idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
                throw invalid("idempotency-key", "Idempotency-Key must be 1 to 200 characters");
            }
            TaskStore.IdempotencyHolder held =
                    store.claimIdempotencyKey(tenant, idempotencyKey, a.fingerprint(), taskId);
            if (held != null) {
                if (!held.fingerprint().equals(a.fingerprint())) {
                    throw Problems.of(
                            HttpStatus.CONFLICT,
                            "idempotency-key-reused",
                            "Idempotency-Key '" + idempotencyKey + "' was used for a different request (task "
                                    + held.taskId() + ")");
                }
                if (held.taskId() == null || store.get(held.taskId()).isEmpty()) {
                    // the first request claimed the key and has not recorded its task yet (or failed and is about
                    // to release the key): the Idempotency-Key draft answers such a concurrent retry with 409
                    ErrorResponseException inProgress = Problems.of(
                            HttpStatus.CONFLICT,
                            "idempotency-key-in-progress",
                            "a request with Idempotency-Key '" + idempotencyKey
                                    + "' is still being accepted; retry it");
                    inProgress.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
                    throw inProgress;
                }
                return new Submitted(held.taskId(), false, null);
            }
        }
        Map<String, byte[]> frames = new LinkedHashMap<>();
        for (int i = 0; i < a.frames().size(); i++) {
            frames.put(a.digests().get(i), a.frames().get(i));
        }
        Instant deadline = Instant.now().plus(a.timeout());
        EncoderDescriptor encoder = cachedEncoder.forFrames(a.digests());
        List<String> featureKeys = encoder == null ? List.of() : RedisKeys.features(encoder.encoderId(), a.digests());
        TaskStore.Created created;
        try {
            created = store.create(
                    taskId,
                    tenant,
                    a.question(),
                    a.options().mode(),
                    deadline,
                    frames,
                    idempotencyKey,
                    encoder == null
                            ? TaskStore.FeatureCheck.NONE
                            : new TaskStore.FeatureCheck(featureKeys, Duration.ofSeconds(encoder.featureTtlSeconds())));
        } catch (RuntimeException e) {
            // nothing was accepted: a retry with the key must be able to claim it (if the release fails too, the
            // claim runs out after TaskStore.IDEMPOTENCY_CLAIM)
            if (idempotencyKey != null) {
                try {
                    store.releaseIdempotencyKey(tenant, idempotencyKey);
                } catch (RuntimeException releaseFailed) {
                    e.addSuppressed(releaseFailed);
                }
            }
            throw e;
        }
        var payload = new TaskSubmitted(a.question(), a.digests(), a.options(), deadline);
        // every frame cached: the encoder would only look that up again, so its hop is skipped; the task still goes
        // to its topic (the trace store records it there), marked so the encoder passes it by
        boolean handOn = created.featuresCached();
        if (handOn) {
            payload = payload.encodedBy(TaskSubmitted.ENCODED_BY_GATEWAY);
        }
        var sends = new ArrayList<CompletableFuture<?>>();
        try {
            sends.add(publisher.publish(Topics.TASKS, taskId, tenant, EventTypes.TASK_SUBMITTED, payload));
            if (handOn) {
                var encoded = encoder.encoded(payload, featureKeys, Collections.nCopies(featureKeys.size(), true), 0);
                sends.add(publisher.publish(Topics.ENCODED, taskId, tenant, EventTypes.TASK_ENCODED, encoded));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            String why = failureReason(e);
            TaskResult failed = TaskResult.failed("gateway", "could not enqueue: " + why);
            // each step on its own: the client is answered 503 whichever of them Redis refuses too (a task it could
            // not fail here is failed at its deadline; a key it could not release answers a retry with this task)
            try {
                store.finish(taskId, tenant, failed);
            } catch (RuntimeException storeDown) {
                log.warn("task {}: could not record it FAILED: {}", taskId, rootMessage(storeDown));
            }
            if (idempotencyKey != null) {
                try {
                    store.releaseIdempotencyKey(tenant, idempotencyKey);
                } catch (RuntimeException storeDown) {
                    log.warn("task {}: could not release its Idempotency-Key: {}", taskId, rootMessage(storeDown));
                }
            }
            if (sends.stream().anyMatch(s -> !s.isCompletedExceptionally())) {
                withdraw(taskId, tenant, failed);
            }
            var problem = Problems.of(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "queue-unavailable",
                    "could not enqueue task " + taskId + " (it is FAILED): " + why);
            problem.getBody().setProperty("task_id", taskId);
            throw problem;
        }
        meters.counter("sightline.tasks.submitted", "mode", a.options().mode()).increment();
        if (handOn) {
            meters.counter("sightline.tasks.encoded_at_gateway").increment();
        }
        return new Submitted(taskId, true, created.task());
    }

    /**
     * A record of the task may have left though the submission failed: what left is told the task is over. Its FAILED
     * result goes to the results topic first, so the trace store, which may hold the task from its record, ends it
     * with the gateway's reason; then the cancellation mark keeps a reasoner given its encoded event from running it
     * (or stops it), and the CANCELLED that reasoner publishes comes after the FAILED, which every consumer keeps
     * (the first terminal result wins). Each step is attempted whether or not the other succeeds.
     */
    private void withdraw(String taskId, String tenant, TaskResult failed) {
        try {
            publisher
                    .publish(Topics.RESULTS, taskId, tenant, EventTypes.TASK_RESULT, failed)
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("task {}: its FAILED result was not published: {}", taskId, failureReason(e));
        }
        try {
            store.cancel(taskId);
        } catch (RuntimeException e) {
            log.warn("task {}: could not mark it cancelled: {}", taskId, rootMessage(e));
        }
    }

    /** A wait's failure as {@link #rootMessage}; an interrupted wait keeps the thread's interrupt status. */
    private static String failureReason(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return rootMessage(e);
    }

    /** The innermost cause's message: the broker's reason, not the layers of "send failed" wrapped around it. */
    private static String rootMessage(Throwable e) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(e);
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    /** Guided-choice answers, stripped; absent or empty: a free answer. */
    private static List<String> choices(List<String> given) {
        if (given == null || given.isEmpty()) {
            return List.of();
        }
        if (given.size() > TaskOptions.MAX_CHOICES) {
            throw invalid("choices", given.size() + " choices; the limit is " + TaskOptions.MAX_CHOICES);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String c = given.get(i) == null ? "" : given.get(i).strip();
            if (c.isEmpty() || c.length() > TaskOptions.MAX_CHOICE_CHARS) {
                throw invalid(
                        "choices",
                        "choices[" + i + "] must be 1 to " + TaskOptions.MAX_CHOICE_CHARS + " characters, got "
                                + c.length());
            }
            if (c.contains("<|")) {
                throw invalid("choices", "choices[" + i + "] contains '<|', which starts a control token");
            }
            int bad = firstNonText(c);
            if (bad >= 0) {
                throw invalid(
                        "choices",
                        String.format("choices[%d] has U+%04X at character %d", i, (int) c.charAt(bad), bad + 1));
            }
            if (out.contains(c)) {
                throw invalid("choices", "choices[" + i + "] repeats '" + c + "'");
            }
            out.add(c);
        }
        return out;
    }

    private static RuntimeException invalid(String type, String detail) {
        return Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, type, detail);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
