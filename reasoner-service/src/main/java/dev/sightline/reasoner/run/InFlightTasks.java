package dev.sightline.reasoner.run;

import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.TaskStatus;
import dev.sightline.kit.BinaryRedis;
import dev.sightline.kit.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Which encoded tasks each reasoner replica holds, in Redis: the listener registers a task (with its record)
 * before its offset is committed, and the replica clears it once the result is on Kafka. So the offset can be
 * committed at once — the consumer keeps fetching while sessions run — and yet no task is lost: a replica
 * that stops gracefully re-publishes what it did not finish, and a replica that dies stops renewing its
 * heartbeat, after which any live replica re-publishes its tasks. Re-published records keep their event id;
 * a task that ends twice is deduplicated downstream (first terminal result wins).
 *
 * <p>Live replicas are found through the set {@value #HOLDERS}, which each replica joins with its heartbeat, not by
 * scanning the keyspace: the orphan sweep costs a few commands however many keys Redis holds.
 */
@Component
public class InFlightTasks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InFlightTasks.class);
    private static final String PREFIX = "reasoner:inflight:";
    private static final String HOLDERS = "reasoner:holders";
    private static final Duration DONE_TTL = Duration.ofDays(1);
    private static final byte[] ONE = {'1'};
    /** KEYS: the holders, the replica's heartbeat, its in-flight hash; ARGV: the replica. */
    private static final RedisScript<Long> LEAVE_IF_GONE = RedisScript.of("""
            if redis.call('EXISTS', KEYS[2]) == 0 and redis.call('HLEN', KEYS[3]) == 0 then
              return redis.call('SREM', KEYS[1], ARGV[1])
            end
            return 0""", Long.class);

    private static final Duration HEARTBEAT_TTL = Duration.ofSeconds(15);
    /** How long a sweep or a hand-back waits for its re-published records' acknowledgements, all together. */
    private static final Duration RESEND_WAIT = Duration.ofSeconds(10);

    private final StringRedisTemplate redis;
    private final EventPublisher publisher;
    private final String owner = UUID.randomUUID().toString();
    private final Queue<Done> pendingDone = new ConcurrentLinkedQueue<>();
    private final ExecutorService marks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reasoner-done-marks");
        t.setDaemon(true);
        return t;
    });

    InFlightTasks(StringRedisTemplate redis, EventPublisher publisher) {
        this.redis = redis;
        this.publisher = publisher;
        heartbeat();
        listUnlisted();
    }

    /** A task's encoded record (raw JSON) and its tenant, held until {@link #done}. */
    record Held(String taskId, String tenant, String record) {}

    /** Holds a poll's tasks, in one round trip (which also keeps this replica among the holders). */
    void register(List<Held> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        for (Held h : tasks) {
            fields.put(
                    BinaryRedis.key(h.taskId()),
                    ((h.tenant() == null ? "" : h.tenant()) + "\n" + h.record()).getBytes(StandardCharsets.UTF_8));
        }
        redis.executePipelined((RedisCallback<Object>) c -> {
            c.hashCommands().hMSet(BinaryRedis.key(PREFIX + owner), fields);
            c.setCommands().sAdd(BinaryRedis.key(HOLDERS), BinaryRedis.key(owner));
            return null;
        });
    }

    /** Key marking a task whose result is published: a redelivered record for it is skipped. */
    static String doneKey(String taskId) {
        return "reasoner:done:" + taskId;
    }

    /**
     * The task's result is on Kafka: marks it done (so a redelivered record is skipped) and stops holding it, in
     * one pipelined round trip. A task that was never held is only marked.
     */
    void done(String taskId, TaskStatus status) {
        done(List.of(new Done(taskId, status, () -> {})));
    }

    /**
     * As {@link #done}, for a thread that must not wait on Redis: the Kafka producer's I/O thread, which every send of
     * this replica shares. The mark is queued and applied on {@code reasoner-done-marks}, the queued marks of a burst
     * in one round trip; {@code afterwards} runs there once the mark is applied or has failed.
     */
    void doneSoon(String taskId, TaskStatus status, Runnable afterwards) {
        pendingDone.add(new Done(taskId, status, afterwards));
        try {
            marks.execute(this::applyPending);
        } catch (RejectedExecutionException closed) {
            // acknowledged after this replica stopped waiting for its results: the task was handed back with the
            // rest, and the copy run elsewhere ends in a result deduplicated downstream (first terminal one wins)
            try (var ignored = MDC.putCloseable("task_id", taskId)) {
                log.warn("result of task {} acknowledged after shutdown; it was handed back and may run again", taskId);
            }
            afterwards.run();
        }
    }

    private record Done(String taskId, TaskStatus status, Runnable afterwards) {}

    private void done(List<Done> tasks) {
        redis.executePipelined((RedisCallback<Object>) c -> {
            for (Done d : tasks) {
                c.stringCommands()
                        .set(
                                BinaryRedis.key(doneKey(d.taskId())),
                                d.status().name().getBytes(StandardCharsets.UTF_8),
                                Expiration.from(DONE_TTL),
                                SetOption.upsert());
                c.hashCommands().hDel(BinaryRedis.key(PREFIX + owner), BinaryRedis.key(d.taskId()));
            }
            return null;
        });
    }

    private void applyPending() {
        List<Done> batch = new ArrayList<>();
        for (Done d = pendingDone.poll(); d != null; d = pendingDone.poll()) {
            batch.add(d);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            done(batch);
        } catch (RuntimeException e) {
            // still held: if this replica stops, they are re-published and deduplicated downstream
            log.error("could not mark {} tasks done; they stay in flight", batch.size(), e);
        } finally {
            batch.forEach(d -> d.afterwards().run());
        }
    }

    /** Re-publishes this replica's unfinished tasks (graceful shutdown) and stops holding them. */
    int releaseAll() {
        // the tasks whose results are already on Kafka are not unfinished: their marks (queued or being applied on the
        // marks' thread, which runs them in order) are applied before what is left is handed back
        try {
            marks.submit(() -> {}).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            log.warn("done marks not applied before the hand-back ({}); those tasks may run again", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        applyPending();
        int n = republish(owner);
        redis.delete(aliveKey(owner));
        // stays among the holders while a task could not be handed back: another replica's sweep, which finds no
        // heartbeat, re-publishes it (a plain SREM left it where no sweep looks)
        redis.execute(LEAVE_IF_GONE, List.of(HOLDERS, aliveKey(owner), PREFIX + owner), owner);
        return n;
    }

    /** Stops the done marks' thread (Spring closes the bean last, after the runner has released its tasks). */
    @Override
    public void close() {
        marks.shutdown();
    }

    @Scheduled(fixedDelay = 5000)
    void heartbeat() {
        redis.executePipelined((RedisCallback<Object>) c -> {
            c.stringCommands()
                    .set(BinaryRedis.key(aliveKey(owner)), ONE, Expiration.from(HEARTBEAT_TTL), SetOption.upsert());
            c.setCommands().sAdd(BinaryRedis.key(HOLDERS), BinaryRedis.key(owner));
            return null;
        });
    }

    /**
     * Tasks of replicas whose heartbeat expired go back on the topic; a replica whose tasks are all back leaves
     * the holders.
     */
    @Scheduled(fixedDelay = 10000, initialDelay = 10000)
    void recoverOrphans() {
        Set<String> holders = redis.opsForSet().members(HOLDERS);
        for (String other : holders == null ? Set.<String>of() : holders) {
            if (other.equals(owner) || Boolean.TRUE.equals(redis.hasKey(aliveKey(other)))) {
                continue;
            }
            int n = republish(other);
            if (n > 0) {
                log.warn("re-published {} tasks of reasoner {}, whose heartbeat expired", n, other);
            }
            // in one script: a replica that was only stalled may have come back and registered tasks since
            redis.execute(LEAVE_IF_GONE, List.of(HOLDERS, aliveKey(other), PREFIX + other), other);
        }
    }

    /**
     * Puts the holders of in-flight hashes that are not in {@value #HOLDERS} into it, once at start: replicas of a
     * version before the set (a rolling upgrade) wrote none, and their tasks would otherwise never be recovered.
     */
    private void listUnlisted() {
        List<String> keys = new ArrayList<>();
        try (Cursor<String> cursor = redis.scan(
                ScanOptions.scanOptions().match(PREFIX + "*").count(1000).build())) {
            cursor.forEachRemaining(keys::add);
        }
        if (!keys.isEmpty()) {
            redis.opsForSet()
                    .add(
                            HOLDERS,
                            keys.stream().map(k -> k.substring(PREFIX.length())).toArray(String[]::new));
        }
    }

    private int republish(String holder) {
        Map<Object, Object> held = redis.opsForHash().entries(PREFIX + holder);
        // every record is sent before any is waited for, and the wait is bounded: one slow acknowledgement neither
        // holds back the rest nor the scheduler's thread for long (a record acknowledged after the wait stays
        // registered and is sent again by a later sweep; its copies are deduplicated downstream)
        Map<String, CompletableFuture<?>> sent = new LinkedHashMap<>();
        for (var e : held.entrySet()) {
            String taskId = (String) e.getKey();
            String[] v = ((String) e.getValue()).split("\n", 2);
            try {
                sent.put(taskId, publisher.resend(Topics.ENCODED, taskId, v[0].isEmpty() ? null : v[0], v[1]));
            } catch (RuntimeException ex) {
                notRepublished(taskId, ex);
            }
        }
        long until = System.nanoTime() + RESEND_WAIT.toNanos();
        int republished = 0;
        for (var s : sent.entrySet()) {
            try {
                s.getValue().get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                redis.opsForHash().delete(PREFIX + holder, s.getKey());
                republished++;
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                notRepublished(s.getKey(), ex);
            } catch (Exception ex) {
                notRepublished(s.getKey(), ex);
            }
        }
        return republished;
    }

    private static void notRepublished(String taskId, Exception e) {
        try (var ignored = MDC.putCloseable("task_id", taskId)) {
            log.error("could not re-publish task {}; it stays registered", taskId, e);
        }
    }

    private static String aliveKey(String owner) {
        return "reasoner:alive:" + owner;
    }
}
