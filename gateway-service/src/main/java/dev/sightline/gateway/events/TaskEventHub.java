package dev.sightline.gateway.events;

import dev.sightline.contracts.task.TaskStatus;
import dev.sightline.gateway.task.TaskStore;
import dev.sightline.gateway.task.TaskView;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Open SSE streams of this replica. Steps are pushed to its streams straight from the records this replica
 * consumes ({@link StreamWakeups}); a stream that is behind them — opened late, resumed with
 * {@code Last-Event-ID}, or woken out of order — pulls what it has not sent yet from Redis instead (what
 * {@link PipelineListener} has stored so far), and a short timer does the same as a safety net, so a step
 * that was not in Redis yet goes out at the latest with the next sweep. Either way sends are ordered by seq
 * and never doubled. The
 * {@code result} event goes out only once all {@code steps} records the result counts were sent (steps and
 * results travel on different topics).
 */
@Component
public class TaskEventHub implements DisposableBean {
    static final String RESULT_EVENT_ID = "result";

    /** A {@code step} event: id = the step's seq, data = its record. */
    static SseEmitter.SseEventBuilder stepEvent(int seq, String record) {
        return SseEmitter.event().id(Integer.toString(seq)).name("step").data(record, MediaType.APPLICATION_JSON);
    }

    /** The {@code result} event that ends a stream: data = the ended task's view. */
    static SseEmitter.SseEventBuilder resultEvent(String view) {
        return SseEmitter.event().id(RESULT_EVENT_ID).name("result").data(view, MediaType.APPLICATION_JSON);
    }

    private final TaskStore store;
    private final JsonMapper json;
    private final Map<String, Set<Stream>> streams = new ConcurrentHashMap<>();
    private final ExecutorService pumps = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "sse-pump");
        t.setDaemon(true);
        return t;
    });

    TaskEventHub(TaskStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    /** A stream of {@code taskId} from step {@code from}; it stays open until 30 s past the task's deadline. */
    SseEmitter subscribe(String taskId, int from, boolean resultSent, Instant deadline) {
        Duration left = deadline == null
                ? Duration.ofMinutes(10)
                : Duration.between(Instant.now(), deadline).plusSeconds(30);
        var emitter = new SseEmitter(Math.max(1000, left.toMillis()));
        var stream = new Stream(taskId, emitter, from);
        if (resultSent) {
            emitter.complete();
            return emitter;
        }
        streams.computeIfAbsent(taskId, k -> ConcurrentHashMap.newKeySet()).add(stream);
        emitter.onCompletion(() -> remove(stream));
        emitter.onTimeout(() -> remove(stream));
        emitter.onError(e -> remove(stream));
        pumps.execute(stream::pump);
        return emitter;
    }

    /** Whether a stream of {@code taskId} is open on this replica. */
    boolean watched(String taskId) {
        return taskId != null && streams.containsKey(taskId);
    }

    /** {@code taskId}'s result is in Redis. */
    public void ended(String taskId) {
        Set<Stream> s = streams.get(taskId);
        if (s != null) {
            s.forEach(stream -> {
                stream.mayHaveEnded = true;
                pumps.execute(stream::pump);
            });
        }
    }

    /**
     * Steps of one task, ascending and consecutive by seq (one partition's records of a poll), perhaps not in
     * Redis yet; streams waiting for exactly these send them from here.
     */
    public void stepsArrived(String taskId, List<TaskStore.StepRow> rows) {
        Set<Stream> s = streams.get(taskId);
        if (s != null) {
            s.forEach(stream -> pumps.execute(() -> stream.pump(rows)));
        }
    }

    /**
     * Every stream looks at its task again (a result whose wake-up this replica missed, a deadline). At most one
     * sweep's pump per stream waits in the pool's queue: with more streams than the pumps get through in 500 ms,
     * the queue would otherwise grow by a pump per stream every sweep.
     */
    @Scheduled(fixedDelay = 500)
    void sweep() {
        streams.values()
                .forEach(set -> set.forEach(stream -> {
                    stream.mayHaveEnded = true;
                    if (stream.sweepQueued.compareAndSet(false, true)) {
                        pumps.execute(() -> {
                            stream.sweepQueued.set(false);
                            stream.pump();
                        });
                    }
                }));
    }

    private void remove(Stream stream) {
        stream.done = true;
        streams.computeIfPresent(stream.taskId, (k, set) -> {
            set.remove(stream);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void destroy() {
        streams.values().forEach(set -> set.forEach(s -> s.emitter.complete()));
        pumps.shutdownNow();
    }

    private final class Stream {
        final String taskId;
        final SseEmitter emitter;
        int next;
        volatile boolean done;
        /** Set by a result and by the sweep: only then is the task hash read (steps alone never end a stream). */
        volatile boolean mayHaveEnded = true;
        /** A sweep's pump of this stream is in the pool's queue. */
        final AtomicBoolean sweepQueued = new AtomicBoolean();

        Stream(String taskId, SseEmitter emitter, int next) {
            this.taskId = taskId;
            this.emitter = emitter;
            this.next = next;
        }

        void pump() {
            pump(List.of());
        }

        /** Sends {@code fresh} when it starts at or before {@code next}; otherwise catches up from Redis. */
        synchronized void pump(List<TaskStore.StepRow> fresh) {
            if (done) {
                return;
            }
            try {
                if (!fresh.isEmpty() && fresh.get(0).seq() <= next) {
                    for (TaskStore.StepRow row : fresh) {
                        if (row.seq() == next) {
                            send(row.json());
                        }
                    }
                } else {
                    catchUp();
                }
                if (!mayHaveEnded) {
                    return;
                }
                mayHaveEnded = false;
                Map<String, String> task = store.get(taskId);
                String status = task.get("status");
                if (status != null && TaskStatus.valueOf(status).terminal()) {
                    int total = Integer.parseInt(task.getOrDefault("steps", "0"));
                    if (next >= total) {
                        emitter.send(resultEvent(json.writeValueAsString(TaskView.of(task))));
                        done = true;
                        emitter.complete();
                        remove(this);
                    } else {
                        mayHaveEnded = true; // the result counts steps still on their way
                    }
                }
            } catch (IOException | IllegalStateException e) {
                // The client went away (or the emitter timed out): nothing more to send.
                remove(this);
            }
        }

        /** Sends every stored step from {@code next} on. */
        private void catchUp() throws IOException {
            while (true) {
                List<String> steps = store.steps(taskId, next, 16);
                for (String step : steps) {
                    send(step);
                }
                if (steps.size() < 16) {
                    return;
                }
            }
        }

        private void send(String step) throws IOException {
            emitter.send(stepEvent(next, step));
            next++;
        }
    }
}
