package dev.sightline.gateway.task;

import dev.sightline.contracts.RedisKeys;
import dev.sightline.contracts.task.TaskResult;
import dev.sightline.contracts.task.TaskStatus;
import dev.sightline.gateway.GatewayProperties;
import dev.sightline.kit.BinaryRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The gateway's view of tasks in Redis, shared by every gateway replica: the task hash ({@code task:{id}}),
 * its step records ({@code steps:{id}}, field = seq, written once), idempotency keys, and entries of the
 * {@link DeadlineIndex} as tasks are recorded and end.
 * Transitions are scripts, so replicas racing on the same event agree: QUEUED → RUNNING only from QUEUED,
 * and the first terminal state wins.
 */
@Component
public class TaskStore {
    /**
     * How long an idempotency key is held by a request that has not recorded its task yet: a gateway that dies
     * (or whose write fails) between the claim and the task leaves the key free again after this, not after the
     * retention. Recording the task extends the key to the retention.
     */
    public static final Duration IDEMPOTENCY_CLAIM = Duration.ofSeconds(30);

    /** QUEUED → RUNNING, and only from QUEUED. ARGV: started_at. */
    private static final byte[] MARK_RUNNING = """
            if redis.call('HGET', KEYS[1], 'status') == 'QUEUED' then
              redis.call('HSET', KEYS[1], 'status', 'RUNNING', 'started_at', ARGV[1])
              return 1
            end
            return 0""".getBytes(StandardCharsets.UTF_8);

    /**
     * Keeps an idempotency key for the retention only while it still names this task: a claim that lapsed and was
     * taken by another request (Redis stalled for longer than {@link #IDEMPOTENCY_CLAIM}) is left alone.
     */
    private static final byte[] KEEP_CLAIM = """
            local v = redis.call('GET', KEYS[1])
            if v and string.sub(v, -string.len(ARGV[1])) == ARGV[1] then
              return redis.call('EXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """.getBytes(StandardCharsets.UTF_8);

    /**
     * KEYS: the task's hash, its steps. ARGV: ttl seconds, tenant, then field/value pairs. Creates the hash for a
     * task never seen here. The steps expire with the hash: their expiry, set at the first step, would otherwise
     * end them a task's running time before it, leaving a stream that waits for steps that are gone. Answers 1 and
     * the task's hash when this call ended the task, 0 and the hash when it had ended before: the hash is what a
     * held request is answered with, so a result costs no second read.
     */
    private static final byte[] FINISH = """
            local s = redis.call('HGET', KEYS[1], 'status')
            local ended = 0
            if s ~= 'COMPLETED' and s ~= 'FAILED' and s ~= 'CANCELLED' then
              if ARGV[2] ~= '' then redis.call('HSETNX', KEYS[1], 'tenant', ARGV[2]) end
              local kv = {}
              for i = 3, #ARGV do kv[#kv + 1] = ARGV[i] end
              redis.call('HSET', KEYS[1], unpack(kv))
              redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
              redis.call('EXPIRE', KEYS[2], tonumber(ARGV[1]))
              ended = 1
            end
            local h = redis.call('HGETALL', KEYS[1])
            table.insert(h, 1, ended)
            return h""".getBytes(StandardCharsets.UTF_8);

    private final StringRedisTemplate redis;
    private final GatewayProperties properties;

    public TaskStore(StringRedisTemplate redis, GatewayProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /**
     * Stores the task's frames (by digest) and records it QUEUED with its deadline, in one pipelined round trip.
     *
     * @param frames digest → image bytes
     * @return the task's hash as written
     */
    public Map<String, String> create(
            String taskId, String tenant, String question, String mode, Instant deadline, Map<String, byte[]> frames) {
        return create(taskId, tenant, question, mode, deadline, frames, null, FeatureCheck.NONE)
                .task();
    }

    /**
     * A recorded task: its hash as written, and whether every one of the feature keys asked about was cached
     * (false when none were asked about).
     */
    public record Created(Map<String, String> task, boolean featuresCached) {}

    /**
     * The feature keys a submission's frames would have under the announced encoder, and how long that encoder keeps
     * a frame's tokens after its last use (zero: an encoder that does not say, and the keys are only asked about).
     */
    public record FeatureCheck(List<String> keys, Duration ttl) {
        public static final FeatureCheck NONE = new FeatureCheck(List.of(), Duration.ZERO);
    }

    /**
     * Records a new task and its frames, and keeps {@code idempotencyKey} (claimed for it, null: none) as long as
     * the task; in the same round trip, asks whether every key of {@code features} (distinct) holds visual tokens,
     * renewing each one's expiry to the encoder's TTL where it is known — the tokens of a frame in use must not run out
     * while its task is on its way to the reasoner.
     */
    public Created create(
            String taskId,
            String tenant,
            String question,
            String mode,
            Instant deadline,
            Map<String, byte[]> frames,
            String idempotencyKey,
            FeatureCheck features) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("id", taskId);
        h.put("tenant", tenant);
        h.put("status", TaskStatus.QUEUED.name());
        h.put("question", question);
        h.put("mode", mode);
        h.put("created_at", Instant.now().toString());
        h.put("deadline", deadline.toString());
        Map<byte[], byte[]> hash = new LinkedHashMap<>();
        h.forEach((k, v) -> hash.put(bytes(k), bytes(v)));
        long ttl = properties.retention().toSeconds();
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) c -> {
            // first, one reply each, so they come first whatever the other commands answer
            features.keys().forEach(k -> BinaryRedis.askPresent(c, k, features.ttl()));
            frames.forEach((digest, image) -> c.stringCommands().setEx(bytes(RedisKeys.image(digest)), ttl, image));
            byte[] key = bytes(RedisKeys.task(taskId));
            c.hashCommands().hMSet(key, hash);
            c.keyCommands().expire(key, ttl);
            c.zSetCommands().zAdd(bytes(DeadlineIndex.KEY), deadline.toEpochMilli(), bytes(taskId));
            if (idempotencyKey != null) {
                c.scriptingCommands()
                        .eval(
                                KEEP_CLAIM,
                                ReturnType.INTEGER,
                                1,
                                bytes(idempotencyKey(tenant, idempotencyKey)),
                                bytes(" " + taskId),
                                bytes(Long.toString(ttl)));
            }
            return null;
        });
        boolean cached = !features.keys().isEmpty()
                && replies.subList(0, features.keys().size()).stream().allMatch(BinaryRedis::isTrue);
        return new Created(h, cached);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The task's hash, or empty when unknown or expired. */
    public Map<String, String> get(String taskId) {
        Map<Object, Object> raw = redis.opsForHash().entries(RedisKeys.task(taskId));
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put((String) k, (String) v));
        return out;
    }

    /** The hashes of {@code taskIds}, in their order (empty maps for unknown ones), in one round trip. */
    public List<Map<String, String>> getAll(List<String> taskIds) {
        if (taskIds.isEmpty()) {
            return List.of();
        }
        List<Object> raw = redis.executePipelined((RedisCallback<Object>) c -> {
            for (String id : taskIds) {
                c.hashCommands().hGetAll(bytes(RedisKeys.task(id)));
            }
            return null;
        });
        List<Map<String, String>> out = new ArrayList<>();
        for (Object o : raw) {
            Map<String, String> m = new LinkedHashMap<>();
            if (o instanceof Map<?, ?> h) {
                h.forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
            }
            out.add(m);
        }
        return out;
    }

    /** How a task ended, to record: {@code tenant} may be null (the hash keeps the one it has). */
    public record Ending(String taskId, String tenant, TaskResult result) {}

    /**
     * What recording an ending did: whether it ended the task (false: it had ended before), and the task's hash
     * after it, terminal either way.
     */
    public record Ended(String taskId, boolean changed, Map<String, String> task) {
        /** When the task was created, or null when its hash does not say (a task this gateway never recorded). */
        public Instant createdAt() {
            String created = task.get("created_at");
            return created == null ? null : Instant.parse(created);
        }
    }

    /** Records how the task ended unless it already ended; true when this call ended it. */
    public boolean finish(String taskId, String tenant, TaskResult r) {
        return finish(List.of(new Ending(taskId, tenant, r))).get(0).changed();
    }

    /**
     * Records how tasks ended (the first terminal state of each wins) and takes them out of the deadline index,
     * all in one pipelined round trip: a wave of results costs one trip, not three per result.
     *
     * @return one {@link Ended} per ending, in order
     */
    public List<Ended> finish(List<Ending> endings) {
        if (endings.isEmpty()) {
            return List.of();
        }
        List<Object> raw = redis.executePipelined((RedisCallback<Object>) c -> {
            for (Ending e : endings) {
                List<byte[]> keyAndArgs = new ArrayList<>();
                keyAndArgs.add(bytes(RedisKeys.task(e.taskId())));
                keyAndArgs.add(bytes(RedisKeys.steps(e.taskId())));
                finishArgs(e).forEach(a -> keyAndArgs.add(bytes(a)));
                // EVAL, not EVALSHA: inside a pipeline there is no falling back when the script is not cached
                c.scriptingCommands().eval(FINISH, ReturnType.MULTI, 2, keyAndArgs.toArray(byte[][]::new));
                c.zSetCommands().zRem(bytes(DeadlineIndex.KEY), bytes(e.taskId()));
            }
            return null;
        });
        List<Ended> out = new ArrayList<>();
        for (int i = 0; i < endings.size(); i++) {
            List<?> reply = (List<?>) raw.get(2 * i);
            Map<String, String> task = new LinkedHashMap<>();
            for (int k = 1; k + 1 < reply.size(); k += 2) {
                task.put(text(reply.get(k)), text(reply.get(k + 1)));
            }
            out.add(new Ended(endings.get(i).taskId(), ((Number) reply.get(0)).longValue() == 1, task));
        }
        return out;
    }

    /** A reply element as text: the template's serializer has made most of them strings already. */
    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    private List<String> finishArgs(Ending e) {
        TaskResult r = e.result();
        List<String> args = new ArrayList<>();
        args.add(Long.toString(properties.retention().toSeconds()));
        args.add(e.tenant() == null ? "" : e.tenant());
        put(args, "id", e.taskId());
        put(args, "status", r.status().name());
        put(args, "answer", r.answer());
        put(args, "finish_reason", r.finishReason());
        put(args, "error", r.error());
        put(args, "stage", r.stage());
        put(args, "steps", Integer.toString(r.steps()));
        put(args, "degraded", Boolean.toString(r.degraded()));
        put(args, "finished_at", Instant.now().toString());
        if (r.usage() != null) {
            put(args, "prompt_tokens", Integer.toString(r.usage().promptTokens()));
            put(args, "text_tokens", Integer.toString(r.usage().textTokens()));
            put(args, "latent_steps", Integer.toString(r.usage().latentSteps()));
            put(args, "sketches", Integer.toString(r.usage().sketches()));
            put(args, "reasoner_ms", Double.toString(r.usage().ms()));
        }
        if (r.featureCacheHits() != null) {
            put(args, "feature_cache_hits", r.featureCacheHits().toString());
        }
        return args;
    }

    private static void put(List<String> args, String field, String value) {
        if (value != null) {
            args.add(field);
            args.add(value);
        }
    }

    /** A step record to store: its task, seq and JSON. */
    public record StepRow(String taskId, int seq, String json) {}

    /**
     * Stores step records once each (a replay or a second replica's copy changes nothing) and moves a task whose
     * first step this is to RUNNING, all in one pipelined round trip; the first step also starts the expiry of
     * the task's records.
     */
    public void appendSteps(List<StepRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        long ttl = properties.retention().toSeconds();
        byte[] now = bytes(Instant.now().toString());
        redis.executePipelined((RedisCallback<Object>) c -> {
            for (StepRow r : rows) {
                byte[] key = bytes(RedisKeys.steps(r.taskId()));
                c.hashCommands().hSetNX(key, bytes(Integer.toString(r.seq())), bytes(r.json()));
                if (r.seq() == 0) {
                    c.keyCommands().expire(key, ttl);
                    c.scriptingCommands()
                            .eval(MARK_RUNNING, ReturnType.INTEGER, 1, bytes(RedisKeys.task(r.taskId())), now);
                }
            }
            return null;
        });
    }

    /** Step records {@code from, from+1, …} up to the first one not stored yet (at most {@code max}). */
    public List<String> steps(String taskId, int from, int max) {
        List<Object> fields = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            fields.add(Integer.toString(from + i));
        }
        List<Object> values = redis.opsForHash().multiGet(RedisKeys.steps(taskId), fields);
        List<String> out = new ArrayList<>();
        for (Object v : values) {
            if (v == null) {
                break;
            }
            out.add((String) v);
        }
        return out;
    }

    /**
     * Who holds an idempotency key: the request's fingerprint and its task, {@code taskId} null while the holder
     * has not recorded it (or holders keep coming and going).
     */
    public record IdempotencyHolder(String fingerprint, String taskId) {}

    private static String idempotencyKey(String tenant, String key) {
        return "idem:" + tenant + ":" + key;
    }

    /**
     * Claims an idempotency key for {@code taskId} for {@link #IDEMPOTENCY_CLAIM} ({@link #create} keeps it);
     * null when claimed, else who holds it.
     */
    public IdempotencyHolder claimIdempotencyKey(String tenant, String key, String fingerprint, String taskId) {
        String k = idempotencyKey(tenant, key);
        // SET NX then GET: a holder that releases the key in between (its enqueue failed) leaves nothing to read,
        // and the key is free again — so claim once more rather than read a holder that is gone
        for (int attempt = 0; attempt < 3; attempt++) {
            Boolean claimed = redis.opsForValue().setIfAbsent(k, fingerprint + " " + taskId, IDEMPOTENCY_CLAIM);
            if (Boolean.TRUE.equals(claimed)) {
                return null;
            }
            String held = redis.opsForValue().get(k);
            if (held != null) {
                String[] parts = held.split(" ", 2);
                String task = parts.length < 2 || parts[1].isEmpty() ? null : parts[1];
                return new IdempotencyHolder(parts[0], task);
            }
        }
        return new IdempotencyHolder(fingerprint, null);
    }

    public void releaseIdempotencyKey(String tenant, String key) {
        redis.delete(idempotencyKey(tenant, key));
    }

    public void cancel(String taskId) {
        redis.opsForValue().set(RedisKeys.cancelled(taskId), "1", properties.retention());
        redis.convertAndSend(RedisKeys.CANCEL_CHANNEL, taskId);
    }
}
