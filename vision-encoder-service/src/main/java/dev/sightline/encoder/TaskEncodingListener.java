package dev.sightline.encoder;

import dev.sightline.contracts.EventEnvelope;
import dev.sightline.contracts.EventTypes;
import dev.sightline.contracts.RedisKeys;
import dev.sightline.contracts.Topics;
import dev.sightline.contracts.task.EncoderDescriptor;
import dev.sightline.contracts.task.TaskSubmitted;
import dev.sightline.kit.EventCodec;
import dev.sightline.kit.EventPublisher;
import dev.sightline.kit.PoisonRecordException;
import dev.sightline.kit.ProcessedEvents;
import dev.sightline.kit.RecordTraces;
import dev.sightline.latent.vision.ImageFrames;
import dev.sightline.latent.vision.VisionEncoder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes submitted tasks a poll at a time: looks every frame up in the feature cache, encodes all misses
 * of the poll together (in forwards of at most {@code maxBatchFrames}), stores them, and publishes one
 * encoded event per task. A task whose frames are gone or undecodable is failed with the reason; an
 * unreadable record goes to the dead-letter topic (the records before it are done, the ones after it
 * come again). A task the gateway already encoded (every frame was cached when it was submitted) is skipped.
 */
@Component
class TaskEncodingListener {
    private static final Logger log = LoggerFactory.getLogger(TaskEncodingListener.class);

    private final EventCodec codec;
    private final EventPublisher publisher;
    private final ProcessedEvents processed;
    private final FeatureCache cache;
    private final VisionEncoder encoder;
    private final EncoderProperties properties;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    /** This encoder's tower: the identity, token shape and frame limit its events carry. */
    private final EncoderDescriptor descriptor;

    TaskEncodingListener(
            EventCodec codec,
            EventPublisher publisher,
            ProcessedEvents processed,
            FeatureCache cache,
            VisionEncoder encoder,
            EncoderDescriptor descriptor,
            EncoderProperties properties,
            MeterRegistry meters,
            ObservationRegistry observations) {
        this.observations = observations;
        this.meters = meters;
        this.descriptor = descriptor;
        this.codec = codec;
        this.publisher = publisher;
        this.processed = processed;
        this.cache = cache;
        this.encoder = encoder;
        this.properties = properties;
    }

    /** One task of the poll being worked on. */
    private static final class Work {
        final EventEnvelope<TaskSubmitted> event;
        /** The record's headers: the trace the task belongs to continues from them. */
        Headers headers;

        final List<String> keys = new ArrayList<>();
        boolean[] hits;
        String failure;
        double encodeMs;

        Work(EventEnvelope<TaskSubmitted> event) {
            this.event = event;
        }
    }

    /** A frame to encode. */
    private record Miss(Work work, int frame, String key, BufferedImage image) {}

    @KafkaListener(topics = Topics.TASKS, groupId = "vision-encoder", batch = "true")
    void onTasks(List<ConsumerRecord<String, String>> records) {
        List<Work> batch = new ArrayList<>();
        int poison = -1;
        PoisonRecordException poisonCause = null;
        for (int i = 0; i < records.size(); i++) {
            try {
                var event = codec.decode(records.get(i).value(), TaskSubmitted.class);
                validate(event);
                if (event.payload().alreadyEncoded()) {
                    // the gateway found every frame cached and published the encoded event itself
                    continue;
                }
                Work w = new Work(event);
                w.headers = records.get(i).headers();
                batch.add(w);
            } catch (PoisonRecordException e) {
                poison = i;
                poisonCause = e;
                break;
            }
        }
        Set<String> seen =
                processed.seen(batch.stream().map(w -> w.event.eventId()).toList());
        batch.removeIf(w -> seen.contains(w.event.eventId()));
        if (!batch.isEmpty()) {
            encode(batch);
            publish(batch);
        }
        if (poison >= 0) {
            throw new BatchListenerFailedException(poisonCause.getMessage(), poisonCause, poison);
        }
    }

    private static void validate(EventEnvelope<TaskSubmitted> e) {
        var t = e.payload();
        if (t.imageDigests() == null || t.imageDigests().isEmpty() || t.options() == null) {
            throw new PoisonRecordException("task " + e.taskId() + " has no frames or no options");
        }
    }

    private void encode(List<Work> batch) {
        List<String> allKeys = new ArrayList<>();
        for (Work w : batch) {
            List<String> digests = w.event.payload().imageDigests();
            if (digests.size() > descriptor.maxFrames()) {
                w.failure = digests.size() + " frames; this encoder takes at most " + descriptor.maxFrames();
                continue;
            }
            w.keys.addAll(RedisKeys.features(descriptor.encoderId(), digests));
            allKeys.addAll(w.keys);
        }
        boolean[] present = cache.present(allKeys); // one round trip a poll
        int at = 0;
        List<Miss> misses = new ArrayList<>();
        // A frame that several tasks of this poll miss (a burst on one new image) is encoded once: the first
        // task's miss encodes it, the others share it as a hit, or share its failure.
        Map<String, List<Work>> sharers = new HashMap<>();
        Map<String, String> unreadable = new HashMap<>();
        for (Work w : batch) {
            if (w.failure != null) {
                continue;
            }
            List<String> digests = w.event.payload().imageDigests();
            w.hits = Arrays.copyOfRange(present, at, at + w.keys.size());
            at += w.keys.size();
            for (int f = 0; f < digests.size() && w.failure == null; f++) {
                String key = w.keys.get(f);
                if (w.hits[f]) {
                    continue;
                }
                if (unreadable.containsKey(key)) {
                    w.failure = unreadable.get(key);
                    break;
                }
                List<Work> sharing = sharers.get(key);
                if (sharing != null) {
                    sharing.add(w);
                    w.hits[f] = true;
                    continue;
                }
                byte[] bytes = cache.image(digests.get(f));
                if (bytes == null) {
                    w.failure = "frame " + f + " (" + digests.get(f) + ") is no longer in the image store";
                    unreadable.put(key, w.failure);
                    break;
                }
                try {
                    misses.add(new Miss(w, f, key, ImageFrames.decode(bytes, "frame " + f)));
                    sharers.put(key, new ArrayList<>(List.of(w)));
                } catch (IllegalArgumentException e) {
                    w.failure = e.getMessage();
                    unreadable.put(key, w.failure);
                }
            }
        }
        misses.removeIf(m -> sharers.get(m.key).stream().allMatch(w -> w.failure != null));
        int hits = 0;
        for (Work w : batch) {
            if (w.hits != null) {
                for (boolean h : w.hits) {
                    hits += h ? 1 : 0;
                }
            }
        }
        meters.counter("sightline.encoder.frames", "cache", "hit").increment(hits);
        meters.counter("sightline.encoder.frames", "cache", "miss").increment(misses.size());
        for (int from = 0; from < misses.size(); from += properties.maxBatchFrames()) {
            List<Miss> chunk = misses.subList(from, Math.min(misses.size(), from + properties.maxBatchFrames()));
            long t0 = System.nanoTime();
            float[][] tokens = encoder.encodeAt(
                    chunk.stream().map(Miss::image).toList(),
                    chunk.stream().mapToInt(Miss::frame).toArray());
            meters.timer("sightline.encoder.forward")
                    .record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
            double perFrameMs = (System.nanoTime() - t0) / 1e6 / chunk.size();
            for (int i = 0; i < chunk.size(); i++) {
                cache.put(chunk.get(i).key, tokens[i]);
                chunk.get(i).work.encodeMs += perFrameMs;
            }
        }
        if (!misses.isEmpty()) {
            log.debug("encoded {} frames for {} tasks", misses.size(), batch.size());
        }
    }

    private void publish(List<Work> batch) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (Work w : batch) {
            var e = w.event;
            if (w.failure != null) {
                MDC.put("task_id", e.taskId());
                try {
                    log.warn("task {} failed at the encoder: {}", e.taskId(), w.failure);
                } finally {
                    MDC.remove("task_id");
                }
                sends.add(publisher.fail(e.taskId(), e.tenant(), w.failure));
                continue;
            }
            List<Boolean> hits = new ArrayList<>();
            for (boolean h : w.hits) {
                hits.add(h);
            }
            var payload = descriptor.encoded(e.payload(), w.keys, hits, w.encodeMs);
            // A batch listener has no per-record observation: each task's send continues its own trace.
            sends.add(RecordTraces.continuing("sightline.encode", Topics.TASKS, w.headers, observations)
                    .observe(() -> publisher.publish(
                            Topics.ENCODED, e.taskId(), e.tenant(), EventTypes.TASK_ENCODED, payload)));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException("could not publish encoded tasks: " + ex.getMessage(), ex);
        }
        processed.markProcessed(batch.stream().map(w -> w.event.eventId()).toList());
    }
}
