package dev.sightline.gateway.task;

import dev.sightline.contracts.task.TaskStatus;
import dev.sightline.gateway.GatewayProperties;
import dev.sightline.gateway.Problems;
import dev.sightline.gateway.auth.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/** Tasks: submit (JSON or multipart), read, cancel, and the persisted trace. A tenant sees only its own. */
@RestController
class TaskController {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** How long a finished task's trace may take to be complete in the trace store before we answer anyway. */
    static final Duration TRACE_SETTLE = Duration.ofSeconds(2);

    private final TaskSubmission submission;
    private final TaskStore store;
    private final TraceArchive archive;
    private final JsonMapper json;
    private final TaskWaits waits;
    private final Duration maxWait;

    TaskController(
            TaskSubmission submission,
            TaskStore store,
            TaskWaits waits,
            GatewayProperties properties,
            TraceArchive archive,
            JsonMapper json) {
        this.submission = submission;
        this.store = store;
        this.archive = archive;
        this.json = json;
        this.waits = waits;
        this.maxWait = properties.maxWait();
    }

    @PostMapping(path = "/v1/tasks", consumes = MediaType.APPLICATION_JSON_VALUE)
    DeferredResult<ResponseEntity<TaskView>> submitJson(
            @RequestBody SubmitTaskRequest body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestHeader(name = "Prefer", required = false) String prefer,
            HttpServletRequest request) {
        List<byte[]> frames = new ArrayList<>();
        List<String> images = body.images() == null ? List.of() : body.images();
        for (int i = 0; i < images.size(); i++) {
            try {
                frames.add(base64Image(images.get(i)));
            } catch (IllegalArgumentException e) {
                throw Problems.of(
                        HttpStatus.BAD_REQUEST, "bad-base64", "images[" + i + "] is not base64: " + e.getMessage());
            }
        }
        return submit(body, frames, idempotencyKey, prefer, request);
    }

    /**
     * A frame as JSON carries it: plain base64 (line breaks allowed) or a {@code data:} URL, as clients of other
     * multimodal APIs send. Strict otherwise: a lenient decoder would skip stray characters and hand the image
     * check bytes that were never sent.
     */
    static byte[] base64Image(String text) {
        String s = text == null ? "" : text.strip();
        if (s.startsWith("data:")) {
            int comma = s.indexOf(',');
            if (comma < 0 || !s.substring(0, comma).endsWith(";base64")) {
                throw new IllegalArgumentException("a data: URL must be base64 (data:<type>;base64,<data>)");
            }
            s = s.substring(comma + 1);
        }
        return Base64.getDecoder().decode(WHITESPACE.matcher(s).replaceAll(""));
    }

    @PostMapping(path = "/v1/tasks", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    DeferredResult<ResponseEntity<TaskView>> submitMultipart(
            @RequestPart(name = "image", required = false) List<MultipartFile> images,
            @RequestParam(name = "question", required = false) String question,
            @RequestParam(name = "mode", required = false) String mode,
            @RequestParam(name = "latent_steps", required = false) Integer latentSteps,
            @RequestParam(name = "latent_before_each_step", required = false) Boolean latentBeforeEachStep,
            @RequestParam(name = "max_tokens", required = false) Integer maxTokens,
            @RequestParam(name = "temperature", required = false) Double temperature,
            @RequestParam(name = "top_k", required = false) Integer topK,
            @RequestParam(name = "top_p", required = false) Double topP,
            @RequestParam(name = "seed", required = false) Long seed,
            @RequestParam(name = "timeout_seconds", required = false) Integer timeoutSeconds,
            @RequestParam(name = "choices", required = false) List<String> choices,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestHeader(name = "Prefer", required = false) String prefer,
            HttpServletRequest request)
            throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (MultipartFile f : images == null ? List.<MultipartFile>of() : images) {
            frames.add(f.getBytes());
        }
        var body = new SubmitTaskRequest(
                question,
                null,
                mode,
                latentSteps,
                latentBeforeEachStep,
                maxTokens,
                temperature,
                topK,
                topP,
                seed,
                timeoutSeconds,
                choices);
        return submit(body, frames, idempotencyKey, prefer, request);
    }

    /**
     * With {@code Prefer: wait=N} the answer is held until the task ends or N seconds pass (RFC 7240; the
     * status stays 202 for a new task, 200 for a replay, and the body is the task as it is then): a client that
     * wants only the answer makes one request instead of a submit and a stream.
     */
    private DeferredResult<ResponseEntity<TaskView>> submit(
            SubmitTaskRequest body,
            List<byte[]> frames,
            String idempotencyKey,
            String prefer,
            HttpServletRequest request) {
        String tenant = Tenant.of(request);
        var accepted = submission.validate(body, frames);
        var submitted = submission.submit(tenant, accepted, idempotencyKey);
        var wait = WaitPreference.parse(prefer, maxWait);
        return answer(
                submitted.created() ? TaskView.of(submitted.task()) : owned(submitted.taskId(), tenant),
                submitted.created() ? submitted.task() : null,
                wait,
                () -> ResponseEntity.status(submitted.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                        .location(URI.create("/v1/tasks/" + submitted.taskId())));
    }

    /**
     * The task; with {@code Prefer: wait=N}, once it has ended or N seconds have passed (a long poll). A task whose
     * state has expired from Redis is answered from the trace store ({@link ArchivedTask}).
     */
    @GetMapping("/v1/tasks/{id}")
    DeferredResult<ResponseEntity<TaskView>> get(
            @PathVariable String id,
            @RequestHeader(name = "Prefer", required = false) String prefer,
            HttpServletRequest request) {
        var wait = WaitPreference.parse(prefer, maxWait);
        String tenant = Tenant.of(request);
        Map<String, String> task = store.get(id);
        if (task.isEmpty()) {
            // nothing to wait for: an archived task has ended, or will never be heard of again
            return answer(archive.task(id, tenant), null, WaitPreference.NONE, ResponseEntity::ok);
        }
        return answer(owned(id, tenant), null, wait, ResponseEntity::ok);
    }

    /**
     * The task in a {@code status} response now, or — when the client waits and the task is still open — once
     * it ends or the wait is over (the {@code DeferredResult}'s timeout), whichever comes first; a wait that was
     * honoured says so in {@code Preference-Applied}. {@code justWritten}: the task's hash when this request has
     * just recorded it (not read again before waiting), else null.
     */
    private DeferredResult<ResponseEntity<TaskView>> answer(
            TaskView now,
            Map<String, String> justWritten,
            WaitPreference wait,
            Supplier<ResponseEntity.BodyBuilder> status) {
        Function<TaskView, ResponseEntity<TaskView>> respond = view -> {
            var response = status.get();
            if (!wait.none()) {
                response.header("Preference-Applied", wait.applied());
            }
            return response.body(view);
        };
        if (wait.none() || TaskStatus.valueOf(now.status()).terminal()) {
            var result = new DeferredResult<ResponseEntity<TaskView>>();
            result.setResult(respond.apply(now));
            return result;
        }
        var result =
                new DeferredResult<ResponseEntity<TaskView>>(wait.duration().toMillis());
        var ended = justWritten == null ? waits.untilEnded(now.id()) : waits.untilEnded(now.id(), justWritten);
        ended.thenAccept(task -> result.setResult(respond.apply(TaskView.of(task))));
        result.onTimeout(() -> result.setResult(respond.apply(TaskView.of(store.get(now.id())))));
        result.onCompletion(() -> waits.forget(now.id(), ended));
        return result;
    }

    @DeleteMapping("/v1/tasks/{id}")
    ResponseEntity<TaskView> cancel(@PathVariable String id, HttpServletRequest request) {
        TaskView view = owned(id, Tenant.of(request));
        if (TaskStatus.valueOf(view.status()).terminal()) {
            throw Problems.of(HttpStatus.CONFLICT, "task-finished", "task " + id + " already ended " + view.status());
        }
        store.cancel(id);
        return ResponseEntity.accepted().body(view);
    }

    /**
     * The stored trace. A client that saw the result expects all of it, but the trace store may not have
     * persisted the last steps yet (they travel on another topic, fetched in batches): for a finished task
     * this waits up to {@link #TRACE_SETTLE} for the trace store to say {@code complete}, then answers with
     * what it has (its {@code complete} says which). Once the task's state has left Redis (its retention, 24 h by
     * default) the trace store's own record of the tenant decides who may read it: the trace outlives the task.
     */
    @GetMapping(path = "/v1/tasks/{id}/trace", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> trace(@PathVariable String id, HttpServletRequest request) throws InterruptedException {
        String tenant = Tenant.of(request);
        Map<String, String> task = store.get(id);
        boolean expired = task.isEmpty();
        if (!expired && !tenant.equals(task.get("tenant"))) {
            throw Problems.notFound(id);
        }
        Supplier<ErrorResponseException> missing = expired
                ? () -> Problems.notFound(id)
                : () -> Problems.of(HttpStatus.NOT_FOUND, "trace-not-found", "task " + id + " has no trace yet");
        // an expired task ended a day ago: its trace is as complete as it will ever be, nothing to wait for
        boolean settle = !expired && TaskStatus.valueOf(task.get("status")).terminal();
        long until = System.nanoTime() + TRACE_SETTLE.toNanos();
        String body = settledTrace(id, missing, settle, until);
        if (expired && !tenant.equals(json.readTree(body).path("tenant").asString(null))) {
            throw Problems.notFound(id);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /**
     * The trace store's body for the task; while {@code settle}, asked again every 50 ms until it is complete or
     * {@code until} passes. The trace store fetches its records in batches, so a task that just ended may not
     * have a row there yet: a 404 then is retried like an incomplete trace.
     */
    private String settledTrace(String id, Supplier<ErrorResponseException> missing, boolean settle, long until)
            throws InterruptedException {
        while (true) {
            try {
                String body = archive.traceBody(id, missing);
                if (!settle || json.readTree(body).path("complete").asBoolean() || System.nanoTime() >= until) {
                    return body;
                }
            } catch (ErrorResponseException e) {
                if (!settle || e.getStatusCode().value() != 404 || System.nanoTime() >= until) {
                    throw e;
                }
            }
            Thread.sleep(50);
        }
    }

    /** The task as its tenant sees it; another tenant's task is indistinguishable from a missing one. */
    private TaskView owned(String id, String tenant) {
        Map<String, String> h = store.get(id);
        if (h.isEmpty() || !tenant.equals(h.get("tenant"))) {
            throw Problems.notFound(id);
        }
        return TaskView.of(h);
    }
}
