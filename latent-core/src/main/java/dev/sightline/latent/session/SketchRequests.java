package dev.sightline.latent.session;

import dev.sightline.latent.sketch.SketchUnavailableException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scheduler's sketch decoder requests in flight. Each step, {@link #send} asks the decoder for every session
 * that reached {@code <|sketch_start|>} since the last step (in one request, or one each for a decoder that
 * batches concurrent requests itself), and {@link #deliverAnswered} hands every
 * answer that has arrived to its sessions (latents, or {@code SKETCH_SKIPPED} when the decoder was
 * unavailable). The sessions of a request in flight wait in {@code AWAIT_SKETCH} while the rest of the batch
 * keeps stepping; a decoder that answers at once (the in-process head) is delivered in the same step.
 *
 * <p>Confined to the scheduler thread; the answers' futures complete on whatever thread the decoder uses.
 */
final class SketchRequests {
    /** How long a step with nothing else to do waits for an answer. */
    private static final long POLL_MS = 5;

    /** One request: the sessions it serves, in the order of its rows, and the answer to come. */
    private record Call(List<ReasoningSession> sessions, CompletableFuture<float[][]> answer) {}

    private final ReasoningEngine engine;
    /** Sent and not yet delivered, oldest first. */
    private final List<Call> calls = new ArrayList<>();

    SketchRequests(ReasoningEngine engine) {
        this.engine = engine;
    }

    /**
     * Asks for every active session that is waiting for a sketch and has not asked yet: in one request, or in one
     * per session when the decoder batches concurrent requests itself.
     */
    void send(List<ReasoningSession> active) {
        List<ReasoningSession> asking = new ArrayList<>();
        for (ReasoningSession s : active) {
            if (s.awaitingSketch()) {
                asking.add(s);
            }
        }
        if (asking.isEmpty()) {
            return;
        }
        if (engine.sketchDecoder().batchesConcurrentRequests()) {
            asking.forEach(s -> sendRequest(List.of(s)));
        } else {
            sendRequest(asking);
        }
    }

    private void sendRequest(List<ReasoningSession> asking) {
        float[][] conditions = new float[asking.size()][];
        long[] seeds = new long[asking.size()];
        String[] taskIds = new String[asking.size()];
        for (int i = 0; i < conditions.length; i++) {
            conditions[i] = asking.get(i).sketchCondition;
            seeds[i] = asking.get(i).sketchSeed();
            taskIds[i] = asking.get(i).taskId();
        }
        CompletableFuture<float[][]> answer;
        try {
            answer = engine.sketchDecoder().sampleAsync(conditions, seeds, taskIds);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        asking.forEach(s -> s.sketchInFlight = true);
        calls.add(new Call(asking, answer));
    }

    /** Feeds every answered request's latents (or its failure) to its sessions. */
    void deliverAnswered() {
        for (Iterator<Call> it = calls.iterator(); it.hasNext(); ) {
            Call call = it.next();
            if (call.answer().isDone()) {
                it.remove();
                deliver(call);
            }
        }
    }

    boolean inFlight() {
        return !calls.isEmpty();
    }

    /** Waits up to a few milliseconds for any request to be answered (it is delivered by the next step). */
    void awaitAny() {
        try {
            CompletableFuture.anyOf(calls.stream().map(Call::answer).toArray(CompletableFuture[]::new))
                    .get(POLL_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // timed out: step again (cancellations, new sessions); failed: delivered by the next step
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forgets every request (the scheduler closes; answers still on their way are dropped). */
    void clear() {
        calls.clear();
    }

    private void deliver(Call call) {
        List<ReasoningSession> sessions = call.sessions();
        sessions.forEach(s -> s.sketchInFlight = false);
        float[][] latents;
        try {
            latents = call.answer().join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            for (ReasoningSession s : sessions) {
                if (s.isDone()) {
                    continue; // cancelled or failed while the decoder worked
                }
                if (cause instanceof SketchUnavailableException) {
                    s.sketchSkipped(cause.getMessage());
                } else {
                    s.fail("sketch decoder error: " + cause.getMessage());
                }
            }
            return;
        }
        int expected =
                engine.sketchDecoder().numLatents() * engine.bundle().config().hiddenSize();
        for (int i = 0; i < sessions.size(); i++) {
            ReasoningSession s = sessions.get(i);
            if (s.isDone()) {
                continue; // cancelled or failed while the decoder worked: its answer is dropped
            }
            if (latents == null || i >= latents.length || latents[i] == null || latents[i].length != expected) {
                s.fail("sketch decoder returned no or mis-sized latents (expected " + expected + " floats)");
            } else {
                s.sketchReady(latents[i]);
            }
        }
    }
}
