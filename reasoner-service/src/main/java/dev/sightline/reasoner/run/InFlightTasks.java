package dev.sightline.reasoner.run;

import dev.sightline.contracts.Topics;
import dev.sightline.kit.EventPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Which encoded tasks each reasoner replica holds, in Redis: the listener registers a task (with its record)
 * before its offset is committed, and the replica clears it once the result is on Kafka. So the offset can be
 * committed at once — the consumer keeps fetching while sessions run — and yet no task is lost: a replica
 * that stops gracefully re-publishes what it did not finish, and a replica that dies stops renewing its
 * heartbeat, after which any live replica re-publishes its tasks. Re-published records keep their event id;
 * a task that ends twice is deduplicated downstream (first terminal result wins).
 */
@Component
public class InFlightTasks {
    private static final Logger log = LoggerFactory.getLogger(InFlightTasks.class);
    private static final String PREFIX = "reasoner:inflight:";
    private static final Duration HEARTBEAT_TTL = Duration.ofSeconds(15);

    private final StringRedisTemplate redis;
    private final EventPublisher publisher;
    private final String owner = UUID.randomUUID().toString();

    InFlightTasks(StringRedisTemplate redis, EventPublisher publisher) {
        this.redis = redis;
        this.publisher = publisher;
        heartbeat();
    }

    /** A task's encoded record (raw JSON) and its tenant, held until {@link #complete}. */
    record Held(String taskId, String tenant, String record) {}

    /** Holds a poll's tasks, in one round trip. */
    void register(List<Held> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Held h : tasks) {
            fields.put(h.taskId(), (h.tenant() == null ? "" : h.tenant()) + "\n" + h.record());
        }
        redis.opsForHash().putAll(PREFIX + owner, fields);
    }

    void complete(String taskId) {
        redis.opsForHash().delete(PREFIX + owner, taskId);
    }

    /** Re-publishes this replica's unfinished tasks (graceful shutdown) and stops holding them. */
    int releaseAll() {
        int n = republish(owner);
        redis.delete(aliveKey(owner));
        return n;
    }

    @Scheduled(fixedDelay = 5000)
    void heartbeat() {
        redis.opsForValue().set(aliveKey(owner), "1", HEARTBEAT_TTL);
    }

    /** Tasks of replicas whose heartbeat expired go back on the topic. */
    @Scheduled(fixedDelay = 10000, initialDelay = 10000)
    void recoverOrphans() {
        List<String> keys = new ArrayList<>();
        // SCAN, not KEYS: Redis stays responsive however many keys it holds
        try (Cursor<String> cursor = redis.scan(
                ScanOptions.scanOptions().match(PREFIX + "*").count(100).build())) {
            cursor.forEachRemaining(keys::add);
        }
        for (String key : keys) {
            String other = key.substring(PREFIX.length());
            if (!other.equals(owner) && !Boolean.TRUE.equals(redis.hasKey(aliveKey(other)))) {
                int n = republish(other);
                if (n > 0) {
                    log.warn("re-published {} tasks of reasoner {}, whose heartbeat expired", n, other);
                }
            }
        }
    }

    private int republish(String holder) {
        Map<Object, Object> held = redis.opsForHash().entries(PREFIX + holder);
        for (var e : held.entrySet()) {
            String taskId = (String) e.getKey();
            String[] v = ((String) e.getValue()).split("\n", 2);
            try {
                publisher
                        .resend(Topics.ENCODED, taskId, v[0].isEmpty() ? null : v[0], v[1])
                        .get();
                redis.opsForHash().delete(PREFIX + holder, taskId);
            } catch (Exception ex) {
                try (var ignored = MDC.putCloseable("task_id", taskId)) {
                    log.error("could not re-publish task {}; it stays registered", taskId, ex);
                }
            }
        }
        return held.size();
    }

    private static String aliveKey(String owner) {
        return "reasoner:alive:" + owner;
    }
}
