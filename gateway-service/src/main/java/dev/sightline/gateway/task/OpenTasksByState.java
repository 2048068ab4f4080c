package dev.sightline.gateway.task;

import dev.sightline.contracts.RedisKeys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The open tasks' gauges: {@code sightline_tasks_open} (those still waiting for a result or their deadline) and
 * {@code sightline_tasks{state}} for QUEUED and RUNNING (the ended states are the {@code sightline.tasks.finished}
 * counter's). One read of Redis serves both state gauges of a scrape (a snapshot at most a second old), and a
 * failed read reports NaN (no sample) rather than failing it.
 */
@Component
final class OpenTasksByState {
    private static final long MAX_AGE_NANOS = 1_000_000_000L;
    private static final double[] UNKNOWN = {Double.NaN, Double.NaN};

    private final StringRedisTemplate redis;
    private final DeadlineIndex deadlines;
    private double[] counts = UNKNOWN;
    private long readAt;
    private boolean read;

    OpenTasksByState(StringRedisTemplate redis, DeadlineIndex deadlines, MeterRegistry meters) {
        this.redis = redis;
        this.deadlines = deadlines;
        // strong references: a gauge holds its object weakly, and a registry may be all that holds this one
        Gauge.builder("sightline.tasks.open", deadlines, DeadlineIndex::openCount)
                .strongReference(true)
                .register(meters);
        Gauge.builder("sightline.tasks", this, OpenTasksByState::queued)
                .tag("state", "QUEUED")
                .strongReference(true)
                .register(meters);
        Gauge.builder("sightline.tasks", this, OpenTasksByState::running)
                .tag("state", "RUNNING")
                .strongReference(true)
                .register(meters);
    }

    double queued() {
        return snapshot()[0];
    }

    double running() {
        return snapshot()[1];
    }

    /**
     * Open tasks by state, {@code [QUEUED, RUNNING]}: the deadline index holds every task not ended yet, and one
     * pipelined round trip reads their states (plain commands on declared keys, so it also runs on a cluster and
     * never blocks Redis the way a script looping over the index would).
     */
    long[] read() {
        Set<String> open = deadlines.openIds();
        long[] c = new long[2];
        if (open.isEmpty()) {
            return c;
        }
        List<Object> states = redis.executePipelined((RedisCallback<Object>) conn -> {
            for (String id : open) {
                conn.hashCommands()
                        .hGet(
                                RedisKeys.task(id).getBytes(StandardCharsets.UTF_8),
                                "status".getBytes(StandardCharsets.UTF_8));
            }
            return null;
        });
        for (Object st : states) {
            String state = st instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) st;
            if ("QUEUED".equals(state)) {
                c[0]++;
            } else if ("RUNNING".equals(state)) {
                c[1]++;
            }
        }
        return c;
    }

    private synchronized double[] snapshot() {
        long now = System.nanoTime();
        if (!read || now - readAt > MAX_AGE_NANOS) {
            try {
                long[] c = read();
                counts = new double[] {c[0], c[1]};
            } catch (RuntimeException e) {
                counts = UNKNOWN;
            }
            readAt = now;
            read = true;
        }
        return counts;
    }
}
