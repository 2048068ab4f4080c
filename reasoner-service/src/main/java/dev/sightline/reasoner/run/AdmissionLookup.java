package dev.sightline.reasoner.run;

import dev.sightline.contracts.EventEnvelope;
import dev.sightline.contracts.FeatureBytes;
import dev.sightline.contracts.RedisKeys;
import dev.sightline.contracts.task.TaskEncoded;
import dev.sightline.kit.BinaryRedis;
import dev.sightline.latent.vision.VisualTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.stereotype.Component;

/**
 * What Redis knows about a poll of encoded tasks, in one pipelined round trip: whether each was answered
 * already, whether its client cancelled it, and its visual tokens (the claim checks of the encoded event).
 */
@Component
class AdmissionLookup {
    private final RedisTemplate<String, byte[]> redis;

    AdmissionLookup(RedisTemplate<String, byte[]> bytesRedis) {
        this.redis = bytesRedis;
    }

    /**
     * One task's state.
     *
     * @param visual its frames' tokens, {@code [frames × tokensPerFrame, d]}; null when any frame expired
     * @param badFrame why a cached frame breaks the contract (wrong size), else null
     */
    record Found(boolean done, boolean cancelled, VisualTokens visual, String badFrame) {}

    /**
     * Counts one more sending back of {@code taskId} to the encoder (its visual tokens left Redis) and returns the
     * count; kept a day, longer than any task's deadline.
     */
    long sentBackToEncoder(String taskId) {
        byte[] key = BinaryRedis.key("encode-again:" + taskId);
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) c -> {
            c.stringCommands().incr(key);
            c.keyCommands().expire(key, Duration.ofDays(1).toSeconds());
            return null;
        });
        return replies.get(0) instanceof Long n ? n : 1;
    }

    /** One {@link Found} per event, in order. */
    List<Found> find(List<EventEnvelope<TaskEncoded>> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) c -> {
            for (EventEnvelope<TaskEncoded> e : events) {
                c.keyCommands().exists(BinaryRedis.key(InFlightTasks.doneKey(e.taskId())));
                c.keyCommands().exists(BinaryRedis.key(RedisKeys.cancelled(e.taskId())));
                c.stringCommands()
                        .mGet(e.payload().featureKeys().stream()
                                .map(BinaryRedis::key)
                                .toArray(byte[][]::new));
            }
            return null;
        });
        List<Found> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            @SuppressWarnings("unchecked")
            List<byte[]> frames = (List<byte[]>) replies.get(3 * i + 2);
            TaskEncoded t = events.get(i).payload();
            String bad = null;
            VisualTokens visual = null;
            try {
                visual = visual(t, frames);
            } catch (IllegalArgumentException e) {
                bad = e.getMessage();
            }
            out.add(new Found(
                    BinaryRedis.isTrue(replies.get(3 * i)), BinaryRedis.isTrue(replies.get(3 * i + 1)), visual, bad));
        }
        return out;
    }

    private static VisualTokens visual(TaskEncoded p, List<byte[]> frames) {
        int per = p.tokensPerFrame() * p.dim();
        float[] data = new float[frames.size() * per];
        for (int f = 0; f < frames.size(); f++) {
            byte[] b = frames.get(f);
            if (b == null) {
                return null;
            }
            FeatureBytes.decode(p.featureKeys().get(f), b, data, f * per, per);
        }
        return new VisualTokens(data, frames.size(), p.tokensPerFrame(), p.dim());
    }
}
