package dev.sightline.reasoner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.TaskStatus;
import dev.sightline.kit.EventCodec;
import dev.sightline.kit.EventPublisher;
import dev.sightline.kit.testing.EmbeddedRedis;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/** Which tasks a replica holds, and what happens to them when it dies, against a real Redis. */
class InFlightTasksTest {
    private final List<ProducerRecord<String, String>> resent = new CopyOnWriteArrayList<>();

    @Test
    void theTasksOfAReplicaWhoseHeartbeatExpiredGoBackOnTheTopicWithoutScanningTheKeyspace() throws Exception {
        try (EmbeddedRedis server = new EmbeddedRedis();
                EventPublisher publisher = publisher()) {
            var redis = server.template();
            for (int i = 0; i < 500; i++) {
                redis.opsForValue().set("seen:vision-encoder:" + i, "1"); // keys the sweep must not have to walk
            }
            var dying = new InFlightTasks(redis, publisher);
            var living = new InFlightTasks(redis, publisher);
            dying.register(List.of(new InFlightTasks.Held("t-1", "demo", "{\"taskId\":\"t-1\"}")));
            living.register(List.of(new InFlightTasks.Held("t-2", "demo", "{\"taskId\":\"t-2\"}")));
            redis.delete("reasoner:alive:" + holderOf(redis, "t-1")); // the dying replica's heartbeat runs out
            long scans = EmbeddedRedis.calls(redis, "scan");

            living.recoverOrphans();

            assertEquals(
                    List.of("t-1"), resent.stream().map(ProducerRecord::key).toList());
            assertEquals(Topics.ENCODED, resent.get(0).topic());
            assertEquals(scans, EmbeddedRedis.calls(redis, "scan"), "the sweep scanned the keyspace");
            assertEquals(1, redis.opsForSet().size("reasoner:holders"), "the dead replica is still a holder");
            assertTrue(redis.opsForHash().hasKey("reasoner:inflight:" + holderOf(redis, "t-2"), "t-2"));
        }
    }

    /** A result acknowledged after the replica closed (a producer callback, late) is not an error on that thread. */
    @Test
    void aDoneMarkAfterCloseDoesNotThrowOnTheCallersThread() throws Exception {
        try (EmbeddedRedis server = new EmbeddedRedis();
                EventPublisher publisher = publisher()) {
            var tasks = new InFlightTasks(server.template(), publisher);
            tasks.close();
            tasks.doneSoon("t-late", TaskStatus.COMPLETED, () -> {});
        }
    }

    @Test
    void aTaskDoneIsMarkedForRedeliveriesAndNoLongerHeld() throws Exception {
        try (EmbeddedRedis server = new EmbeddedRedis();
                EventPublisher publisher = publisher()) {
            var redis = server.template();
            var replica = new InFlightTasks(redis, publisher);
            replica.register(List.of(new InFlightTasks.Held("t-3", null, "{}")));
            String holder = holderOf(redis, "t-3");

            replica.done("t-3", TaskStatus.COMPLETED);

            assertEquals("COMPLETED", redis.opsForValue().get(InFlightTasks.doneKey("t-3")));
            assertFalse(redis.opsForHash().hasKey("reasoner:inflight:" + holder, "t-3"));
            assertTrue(redis.getExpire(InFlightTasks.doneKey("t-3")) > 0, "the done mark never expires");
            assertEquals(0, replica.releaseAll(), "a task that is done was handed back");
            assertTrue(resent.isEmpty());
            assertFalse(redis.opsForSet().isMember("reasoner:holders", holder), "a stopped replica is still a holder");
        }
    }

    @Test
    void theTasksOfAReplicaThatNeverJoinedTheHoldersAreFoundAtStartAndRecovered() throws Exception {
        try (EmbeddedRedis server = new EmbeddedRedis();
                EventPublisher publisher = publisher()) {
            var redis = server.template();
            // what a replica of the version before the holders' set leaves behind when it dies
            redis.opsForHash().put("reasoner:inflight:old-replica", "t-4", "demo\n{\"taskId\":\"t-4\"}");

            var replica = new InFlightTasks(redis, publisher);
            assertTrue(redis.opsForSet().isMember("reasoner:holders", "old-replica"));
            replica.recoverOrphans();

            assertEquals(
                    List.of("t-4"), resent.stream().map(ProducerRecord::key).toList());
            assertFalse(redis.opsForSet().isMember("reasoner:holders", "old-replica"));
        }
    }

    @Test
    void aDoneMarkFromTheProducersThreadNeverWaitsOnRedisAndLandsOnceRedisAnswers() throws Exception {
        try (EmbeddedRedis server = new EmbeddedRedis();
                EventPublisher publisher = publisher();
                var replica = new InFlightTasks(server.template(), publisher)) {
            var redis = server.template();
            replica.register(List.of(new InFlightTasks.Held("t-5", null, "{}")));
            String holder = holderOf(redis, "t-5");
            redis.execute((RedisCallback<Object>) c -> c.execute("CLIENT", "PAUSE".getBytes(), "1000".getBytes()));

            long start = System.nanoTime();
            replica.doneSoon("t-5", TaskStatus.COMPLETED, () -> {});
            long waitedMs = (System.nanoTime() - start) / 1_000_000;

            assertTrue(waitedMs < 200, "the caller waited " + waitedMs + " ms on a paused Redis");
            long until = System.nanoTime() + 10_000_000_000L;
            while (redis.opsForValue().get(InFlightTasks.doneKey("t-5")) == null && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertEquals("COMPLETED", redis.opsForValue().get(InFlightTasks.doneKey("t-5")));
            assertFalse(redis.opsForHash().hasKey("reasoner:inflight:" + holder, "t-5"));
        }
    }

    @Test
    void aReplicaThatCouldNotHandBackATaskStaysAHolderSoAnotherReplicaSweepsIt() throws Exception {
        try (EmbeddedRedis server = new EmbeddedRedis();
                EventPublisher refusing = publisher(new IllegalStateException("broker unavailable"));
                EventPublisher publisher = publisher()) {
            var redis = server.template();
            var stopping = new InFlightTasks(redis, refusing);
            stopping.register(List.of(new InFlightTasks.Held("t-6", "demo", "{\"taskId\":\"t-6\"}")));
            String holder = holderOf(redis, "t-6");

            assertEquals(0, stopping.releaseAll(), "the refused task counted as handed back");

            assertTrue(redis.opsForHash().hasKey("reasoner:inflight:" + holder, "t-6"), "still registered");
            assertTrue(redis.opsForSet().isMember("reasoner:holders", holder), "left where no sweep looks");
            resent.clear();
            new InFlightTasks(redis, publisher).recoverOrphans();
            assertEquals(
                    List.of("t-6"), resent.stream().map(ProducerRecord::key).toList());
            assertFalse(redis.opsForSet().isMember("reasoner:holders", holder), "a holder with nothing left leaves");
        }
    }

    /** The replica whose in-flight hash holds {@code taskId}. */
    private static String holderOf(StringRedisTemplate redis, String taskId) {
        return redis.opsForSet().members("reasoner:holders").stream()
                .filter(h -> redis.opsForHash().hasKey("reasoner:inflight:" + h, taskId))
                .findFirst()
                .orElseThrow();
    }

    private EventPublisher publisher() {
        return publisher(null);
    }

    /** A publisher whose sends are recorded in {@link #resent} and fail with {@code failure} (null: succeed). */
    private EventPublisher publisher(RuntimeException failure) {
        var template = new KafkaTemplate<>(new MockProducerFactory<>(() ->
                new MockProducer<>(failure == null, null, new StringSerializer(), new StringSerializer()) {
                    @Override
                    public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> r, Callback c) {
                        resent.add(r);
                        var sent = super.send(r, c);
                        if (failure != null) {
                            errorNext(failure);
                        }
                        return sent;
                    }
                }));
        return new EventPublisher(template, new EventCodec(), "reasoner");
    }
}
