package dev.sightline.gateway.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.contracts.RedisKeys;
import dev.sightline.contracts.task.EncoderDescriptor;
import dev.sightline.gateway.GatewayProperties;
import dev.sightline.gateway.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's shortcut past the encoder, against a real Redis: taken only when every frame is cached. */
class CachedEncoderTest {
    private static final EncoderDescriptor TOWER = new EncoderDescriptor("tower-1", 64, 256, 2, 86_400);

    @Test
    void withoutAnAnnouncedEncoderEveryTaskGoesThroughTheEncoder() throws Exception {
        try (TestRedis r = new TestRedis()) {
            assertNull(new CachedEncoder(r.redis, r.properties).forFrames(List.of("a")));
        }
    }

    @Test
    void anAnnouncedEncoderNamesTheFeatureKeysOfEachFrameItCanTake() throws Exception {
        try (TestRedis r = new TestRedis()) {
            r.redis.opsForHash().putAll(RedisKeys.ENCODER, TOWER.toFields());
            var lookup = new CachedEncoder(r.redis, r.properties);
            assertEquals(TOWER, lookup.forFrames(List.of("a", "b")));
            assertEquals(
                    List.of(RedisKeys.features("tower-1", "a", 0), RedisKeys.features("tower-1", "a", 1)),
                    RedisKeys.features(TOWER.encoderId(), List.of("a", "a")),
                    "the frame's position is part of its key");
            assertNull(lookup.forFrames(List.of("a", "b", "c")), "more frames than the encoder takes: its error");
        }
    }

    @Test
    void switchedOffTheShortcutIsNeverTaken() throws Exception {
        try (TestRedis r = new TestRedis()) {
            r.redis.opsForHash().putAll(RedisKeys.ENCODER, TOWER.toFields());
            var p = r.properties;
            var off = new GatewayProperties(
                    p.apiKeys(),
                    p.traceStoreUrl(),
                    p.defaultTimeout(),
                    p.maxTimeout(),
                    p.retention(),
                    p.maxImageBytes(),
                    p.maxImageSide(),
                    p.maxFrames(),
                    p.maxQuestionChars(),
                    p.maxWait(),
                    false);
            assertNull(new CachedEncoder(r.redis, off).forFrames(List.of("a")));
        }
    }

    @Test
    void theTaskIsRecordedWithWhetherEveryFeatureKeyIsCachedInTheSameRoundTrip() throws Exception {
        try (TestRedis r = new TestRedis()) {
            List<String> keys = RedisKeys.features(TOWER.encoderId(), List.of("a", "b"));
            r.redis.opsForValue().set(keys.get(0), "tokens");
            var partly = record(r, "t-1", null, asked(keys));
            assertFalse(partly.featuresCached(), "one frame of two cached");
            assertEquals("QUEUED", r.store.get("t-1").get("status"), "recorded all the same");
            r.redis.opsForValue().set(keys.get(1), "tokens");
            assertTrue(record(r, "t-2", "key-2", asked(keys)).featuresCached());
            assertFalse(record(r, "t-3", null, TaskStore.FeatureCheck.NONE).featuresCached(), "nothing asked about");
        }
    }

    /** A TTL outside 1 s to a year renews nothing: an announcement's bad value must not fail every submission. */
    @Test
    void anAnnouncedTtlOutOfRangeRenewsNothing() {
        for (String bad : List.of("0", "-5", "999999999999")) {
            var fields = new LinkedHashMap<>(TOWER.toFields());
            fields.put("feature_ttl_seconds", bad);
            assertEquals(0, EncoderDescriptor.fromFields(fields).featureTtlSeconds(), bad);
        }
        var older = new LinkedHashMap<>(TOWER.toFields());
        older.remove("feature_ttl_seconds");
        assertEquals(0, EncoderDescriptor.fromFields(older).featureTtlSeconds(), "an encoder that does not say");
    }

    /** Records task {@code taskId} of tenant demo (no frames, a minute to run), asking about {@code features}. */
    private static TaskStore.Created record(
            TestRedis r, String taskId, String idempotencyKey, TaskStore.FeatureCheck features) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        return r.store.create(taskId, "demo", "q", "text", deadline, Map.of(), idempotencyKey, features);
    }

    /** The keys asked about by an encoder that does not announce its TTL (a version before it). */
    private static TaskStore.FeatureCheck asked(List<String> keys) {
        return new TaskStore.FeatureCheck(keys, Duration.ZERO);
    }

    /**
     * A task handed on past the encoder renews its frames' keys to the encoder's TTL in the same round trip: the
     * tokens of an image in use do not run out under a task on its way to the reasoner, which would fail it.
     */
    @Test
    void aTaskOnCachedFramesRenewsTheirKeysToTheEncodersTtl() throws Exception {
        try (TestRedis r = new TestRedis()) {
            r.redis.opsForHash().putAll(RedisKeys.ENCODER, TOWER.toFields());
            var announced = new CachedEncoder(r.redis, r.properties).forFrames(List.of("a"));
            assertEquals(86_400, announced.featureTtlSeconds(), "the TTL travels in the announcement");
            List<String> keys = RedisKeys.features(TOWER.encoderId(), List.of("a"));
            r.redis.opsForValue().set(keys.get(0), "tokens", Duration.ofSeconds(100));
            var created = record(
                    r,
                    "t-1",
                    null,
                    new TaskStore.FeatureCheck(keys, Duration.ofSeconds(announced.featureTtlSeconds())));
            assertTrue(created.featuresCached());
            long ttl = r.redis.getExpire(keys.get(0));
            assertTrue(ttl > 86_000, "renewed to the encoder's TTL, not left at 100 s: " + ttl);
            var missing = RedisKeys.features(TOWER.encoderId(), List.of("z"));
            assertFalse(record(r, "t-2", null, new TaskStore.FeatureCheck(missing, Duration.ofDays(1)))
                    .featuresCached());
            assertFalse(r.redis.hasKey(missing.get(0)), "an expiry on a missing key creates nothing");
        }
    }
}
