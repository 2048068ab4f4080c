package dev.sightline.gateway.task;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The deadline index in Redis, shared by every gateway replica: a sorted set of open task ids scored by when each
 * is next due (its deadline, or the end of a sweep's lease). {@link TaskStore} adds a task when it records it and
 * removes it when it records its end, writing the index's key in the same pipelined round trip as the task's hash
 * (so those two writes bypass this class); the deadline sweep claims what is overdue, and the gauges read what is
 * open, through this class.
 */
@Component
public class DeadlineIndex {
    static final String KEY = "sightline:deadlines";

    /** KEYS: the deadline index; ARGV: now, the lease's end (epoch ms). Claims up to 100 overdue tasks. */
    private static final RedisScript<List> CLAIM_OVERDUE = RedisScript.of("""
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
            for _, id in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[2], id) end
            return due""", List.class);

    private final StringRedisTemplate redis;

    public DeadlineIndex(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * Task ids whose deadline passed, each handed to one replica per lease: the script moves what it claims to
     * {@code lease} from now, atomically, so no other sweep sees it meanwhile. A claimed task stays in the index
     * until its result is recorded ({@link TaskStore#finish} removes it); if its failure is never sent (the broker
     * down, this replica gone) the lease runs out and a later sweep claims it again. Nothing is lost between the
     * two.
     */
    public List<String> claimOverdue(Instant now, Duration lease) {
        List<?> due = redis.execute(
                CLAIM_OVERDUE,
                List.of(KEY),
                Long.toString(now.toEpochMilli()),
                Long.toString(now.plus(lease).toEpochMilli()));
        List<String> mine = new ArrayList<>();
        if (due != null) {
            due.forEach(id -> mine.add(id.toString()));
        }
        return mine;
    }

    /** Takes a task out of the index (it has ended: nothing is left to fail). */
    public void drop(String taskId) {
        redis.opsForZSet().remove(KEY, taskId);
    }

    /** When the task is next due (its deadline, or a claim's lease end); null once ended. */
    public Instant dueAt(String taskId) {
        Double score = redis.opsForZSet().score(KEY, taskId);
        return score == null ? null : Instant.ofEpochMilli(score.longValue());
    }

    /** Every task submitted and not ended yet (or claimed by a sweep whose failure is not recorded yet). */
    public Set<String> openIds() {
        Set<String> open = redis.opsForZSet().range(KEY, 0, -1);
        return open == null ? Set.of() : open;
    }

    /** How many tasks {@link #openIds()} holds, without reading them. */
    public double openCount() {
        Long n = redis.opsForZSet().zCard(KEY);
        return n == null ? 0 : n;
    }
}
