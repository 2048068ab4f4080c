package dev.sightline.latent.session;

import ai.djl.ndarray.NDArray;
import dev.sightline.latent.bundle.ControlTokens;
import dev.sightline.latent.bundle.LatentSchedule;
import dev.sightline.latent.sampling.Sampler;
import java.util.ArrayList;
import java.util.List;

/**
 * One task's state machine. The {@link BatchScheduler} feeds it the model's output for the last position
 * it fed ({@link #accept}); the session decides the next input: a sampled (or forced) token, its own last
 * hidden state (a latent step), a sketch request, or the end.
 *
 * <p>Latent segment: after {@code <|latent_start|>} is fed, exactly K hidden states are fed back, each the
 * previous step's last hidden state after the final norm (as the model's {@code latentInput} makes it), then
 * {@code <|latent_end|>} is inserted. Forced segments ({@code latentBeforeEachStep}) go where the bundle's
 * {@link LatentSchedule} says: before every CoT step, or once, before the answer or the chain. Sketch:
 * after {@code <|sketch_start|>} is fed, its hidden state conditions the sketch decoder; the M latents are
 * fed as one chunk followed by {@code <|sketch_end|>}.
 *
 * <p>Owns at most one device array (the pending latent input); the scheduler closes it when consumed.
 * Confined to the scheduler thread except {@link #cancel()}.
 */
public final class ReasoningSession {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReasoningSession.class);

    enum Phase {
        PREFILL,
        DECODE,
        AWAIT_SKETCH,
        DONE
    }

    final SessionRequest request;
    private final ReasoningEngine engine;
    private final ControlTokens control;
    private final StepListener listener;
    private final Sampler sampler;
    private final boolean[] banned;
    private final AnswerChoices choices;

    private final long startNanos = System.nanoTime();
    private long lastRecordNanos = startNanos;
    private volatile boolean cancelRequested;

    Phase phase = Phase.PREFILL;
    int slot = -1;
    /** Positions already in the KV cache. */
    int length;
    /**
     * Stored positions minus rotary positions: how many latent steps repeated their segment's first position
     * ({@link dev.sightline.latent.bundle.LatentPositions#SHARED}); the next input's rotary position is
     * {@code length - positionLag}.
     */
    int positionLag;

    InputChunk pendingChunk;
    /**
     * The prompt's cacheable prefixes, longest first, until the prompt is prefilled (then null): the scheduler
     * looks them up when the session joins and saves those it lacks once the prompt is in the KV cache.
     */
    List<PromptPrefix> promptPrefixes;

    int pendingToken = -1;
    NDArray pendingLatent; // [d], owned
    float[] sketchCondition;
    /** The decoder has this session's request and has not answered yet (the session stays in AWAIT_SKETCH). */
    boolean sketchInFlight;

    private int seq;
    private int segment;
    private boolean inLatentSegment;
    private int latentsFed;
    private boolean sketchRequested;
    private boolean atStepStart = true;
    private boolean inAnswer;
    /** The bundle's {@link LatentSchedule}: where forced segments go (before the answer: its {@code <|answer|>}). */
    private final LatentSchedule schedule;
    /** Before the answer: the model's {@code <|answer|>} became a segment; feed it after. */
    private boolean answerAfterSegment;

    private final List<Integer> lineIds = new ArrayList<>();
    private final List<Integer> answerIds = new ArrayList<>();
    private final List<Integer> allTextIds = new ArrayList<>();
    private int promptTokens;
    private int textTokens;
    /** Every sampled token, control tokens included: max_tokens bounds these, so no loop outlives it. */
    private int sampledTokens;

    private int latentSteps;
    private int sketches;
    private boolean degraded;
    private volatile SessionResult result;

    ReasoningSession(ReasoningEngine engine, SessionRequest request, StepListener listener, InputChunk prompt) {
        this.engine = engine;
        this.request = request;
        this.control = engine.bundle().controlTokens();
        this.schedule = engine.bundle().config().latentSchedule();
        this.listener = listener;
        this.sampler = new Sampler(request.sampling());
        this.choices = new AnswerChoices(request.answerChoices(), engine.bundle());
        this.banned = choices.beforeAnswer(
                engine.bannedTokens(request.mode()),
                control,
                engine.bundle().generation().eosTokenId());
        this.pendingChunk = prompt;
        this.promptTokens = prompt.ids().length;
        this.promptPrefixes = engine.options().prefixCacheBytes() > 0 ? PromptPrefix.of(prompt) : null;
    }

    /** The KV cache already holds the prompt's first {@code positions} (a cached prefix): prefill the rest. */
    void skipPrompt(int positions) {
        length = positions;
        pendingChunk = pendingChunk.from(positions);
    }

    public String taskId() {
        return request.taskId();
    }

    /** Asks the scheduler to stop this session at its next step. */
    public void cancel() {
        cancelRequested = true;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    /**
     * True between {@code <|sketch_start|>} and the request going out: the next {@link BatchScheduler#step()}
     * asks the sketch decoder for it. Read on the scheduler thread (a serving layer uses it to attribute the
     * decoder call, e.g. to the task's trace).
     */
    public boolean awaitingSketch() {
        return phase == Phase.AWAIT_SKETCH && !sketchInFlight && !isDone();
    }

    /** Safe from any thread: true once the result is published. */
    public boolean isDone() {
        return phase == Phase.DONE || result != null;
    }

    /** Null until done. */
    public SessionResult result() {
        return result;
    }

    /**
     * The model consumed the pending input; {@code hidden} is the output at the last fed position.
     *
     * @param hidden host copy of it
     * @param logits host logits of it
     * @return true when the next input is this very output (a latent step): the caller hands the device row
     *     to {@link #pendingLatent}
     */
    boolean accept(float[] hidden, float[] logits) {
        pendingChunk = null;
        pendingToken = -1;
        if (inLatentSegment) {
            if (latentsFed < request.latentSteps()) {
                Step.LatentProbe probe = engine.probe(hidden, logits, request.visual());
                if (!Double.isFinite(probe.norm())
                        || probe.norm() > engine.options().maxLatentNorm()) {
                    fail("non-finite or exploding latent at segment " + segment + " step " + latentsFed + " (norm "
                            + probe.norm() + ", bound " + engine.options().maxLatentNorm() + ")");
                    return false;
                }
                emit(StepKind.LATENT, null, null, segment, latentsFed, probe, null, null);
                if (isDone()) {
                    return false; // the listener failed
                }
                latentsFed++;
                latentSteps++;
                if (engine.bundle().config().latentPositions().repeats(latentsFed)) {
                    positionLag++;
                }
                phase = Phase.DECODE;
                return true;
            }
            inLatentSegment = false;
            segment++;
            feedToken(control.latentEnd());
            return false;
        }
        if (sketchRequested) {
            sketchRequested = false;
            sketchCondition = hidden.clone();
            phase = Phase.AWAIT_SKETCH;
            return false;
        }
        int token;
        boolean forcing = control != null
                && request.latentBeforeEachStep()
                && !inAnswer
                && (request.mode() == Mode.LATENT || request.mode() == Mode.MIXED);
        boolean intercept = forcing && schedule.turnsAnswerIntoSegment();
        if (intercept && answerAfterSegment) {
            token = control.answer(); // the segment the model's <|answer|> was turned into has ended
        } else if (forcing && atStepStart && schedule.opensSegmentAtStepStart(segment)) {
            token = control.latentStart();
        } else {
            try {
                token = sampler.next(
                        logits, inAnswer && !choices.isEmpty() ? choices.mask(answerIds, banned, control) : banned);
            } catch (Sampler.NonFiniteException e) {
                fail("non-finite logits: " + e.getMessage());
                return false;
            }
            if (intercept && token == control.answer()) {
                token = control.latentStart();
                answerAfterSegment = true;
            }
        }
        onToken(token);
        return false;
    }

    private void onToken(int token) {
        if (++sampledTokens > request.maxTokens()) {
            finish(SessionResult.MAX_TOKENS);
            return;
        }
        if (token == engine.bundle().generation().eosTokenId() || (control != null && token == control.endOfText())) {
            finish(SessionResult.EOS);
            return;
        }
        if (control != null && token == control.latentStart()) {
            flushLine();
            // A segment is latent_start, K latents and latent_end: all of it must fit, or none starts.
            if (length + request.latentSteps() + 2 >= engine.options().maxSequenceLength()) {
                finish(SessionResult.LENGTH);
                return;
            }
            atStepStart = false;
            inLatentSegment = true;
            latentsFed = 0;
            feedToken(token);
            return;
        }
        if (control != null && token == control.sketchStart()) {
            flushLine();
            sketchRequested = true;
            feedToken(token);
            return;
        }
        if (control != null && token == control.answer() && !inAnswer) {
            flushLine();
            inAnswer = true;
            feedToken(token);
            return;
        }
        textTokens++;
        allTextIds.add(token);
        if (inAnswer) {
            answerIds.add(token);
        } else {
            lineIds.add(token);
            atStepStart = false;
            if (engine.endsLine(token)) {
                flushLine();
                atStepStart = true;
            }
        }
        if (sampledTokens >= request.maxTokens()) {
            finish(SessionResult.MAX_TOKENS);
            return;
        }
        feedToken(token);
    }

    private void feedToken(int token) {
        if (phase == Phase.DONE) {
            return; // ended while handling this token (a listener failed)
        }
        if (length + 1 >= engine.options().maxSequenceLength()) {
            finish(SessionResult.LENGTH);
            return;
        }
        pendingToken = token;
        phase = Phase.DECODE;
    }

    /** The sketch decoder answered: feed the M latents and {@code <|sketch_end|>} as one chunk. */
    void sketchReady(float[] latents) {
        for (int i = 0; i < latents.length; i++) {
            if (!Float.isFinite(latents[i])) {
                fail("non-finite sketch latent at segment " + segment + " (value " + latents[i] + " at " + i + ")");
                return;
            }
        }
        int m = latents.length / engine.bundle().config().hiddenSize();
        emit(StepKind.SKETCH, null, null, segment, -1, null, latents, null);
        if (isDone()) {
            return;
        }
        sketches++;
        segment++;
        int[] ids = new int[m + 1];
        int[] rows = new int[m];
        for (int i = 0; i < m; i++) {
            rows[i] = i;
        }
        ids[m] = control.sketchEnd();
        sketchCondition = null;
        if (length + m + 1 >= engine.options().maxSequenceLength()) {
            finish(SessionResult.LENGTH);
            return;
        }
        pendingChunk = new InputChunk(ids, rows, latents);
        phase = Phase.PREFILL;
    }

    /** The sketch decoder is unavailable: record it, close the segment and go on in text. */
    void sketchSkipped(String reason) {
        emit(StepKind.SKETCH_SKIPPED, reason, null, segment, -1, null, null, null);
        degraded = true;
        segment++;
        sketchCondition = null;
        feedToken(control.sketchEnd());
    }

    private void flushLine() {
        if (lineIds.isEmpty()) {
            return;
        }
        int[] ids = lineIds.stream().mapToInt(Integer::intValue).toArray();
        lineIds.clear();
        emit(StepKind.TEXT, engine.bundle().tokenizer().decode(ids), ids, -1, -1, null, null, null);
    }

    void finish(String reason) {
        flushLine();
        int[] ids = (inAnswer ? answerIds : allTextIds)
                .stream().mapToInt(Integer::intValue).toArray();
        // Models write the answer after <|answer|> with a leading space (word-initial tokens): not part of it.
        String answer = engine.bundle().tokenizer().decode(ids).strip();
        emit(StepKind.ANSWER, answer, ids, -1, -1, null, null, reason);
        end(SessionResult.Status.COMPLETED, answer, reason, null);
    }

    void fail(String error) {
        flushLine();
        end(SessionResult.Status.FAILED, "", "error", error);
    }

    void cancelNow() {
        end(SessionResult.Status.CANCELLED, "", "cancelled", "cancelled");
    }

    private void end(SessionResult.Status status, String answer, String reason, String error) {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        releaseLatent();
        double ms = (System.nanoTime() - startNanos) / 1e6;
        result = new SessionResult(
                request.taskId(),
                status,
                answer,
                reason,
                error,
                degraded,
                new SessionResult.Usage(promptTokens, textTokens, latentSteps, sketches, ms));
        try {
            listener.onFinish(result);
        } catch (RuntimeException e) {
            LOG.warn("task {}: result listener failed", request.taskId(), e);
        }
    }

    void releaseLatent() {
        if (pendingLatent != null) {
            pendingLatent.close();
            pendingLatent = null;
        }
    }

    private void emit(
            StepKind kind,
            String text,
            int[] ids,
            int seg,
            int index,
            Step.LatentProbe probe,
            float[] sketch,
            String finish) {
        long now = System.nanoTime();
        double ms = (now - lastRecordNanos) / 1e6;
        lastRecordNanos = now;
        try {
            listener.onStep(new Step(seq++, kind, text, ids, seg, index, probe, sketch, finish, ms));
        } catch (RuntimeException e) {
            // A failing consumer (say, a broken stream) ends this session only, never its batch.
            if (phase != Phase.DONE) {
                end(SessionResult.Status.FAILED, "", "error", "step listener failed: " + e);
            }
        }
    }

    /** Seed of the next sketch's noise, drawn from the session's generator. */
    long sketchSeed() {
        return sampler.nextSeed() ^ request.sampling().seed();
    }
}
