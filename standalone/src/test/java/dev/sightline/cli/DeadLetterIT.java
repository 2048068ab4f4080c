package dev.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.contracts.Topics;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Records that cannot be processed: each consumer group sends them to {@code <topic>.DLT} and, where a task can no
 * longer complete, fails it with the reason; the records around them are still processed.
 */
class DeadLetterIT {
    private final GatewayClient client = TestPlatform.client();

    @Test
    void aPoisonRecordLandsInTheDeadLetterTopicAndFailsItsTask() throws Exception {
        String id = "poison-" + UUID.randomUUID();
        try (var producer = PipelineIT.producer()) {
            producer.send(PipelineIT.demoRecord(Topics.TASKS, id, "{not json")).get();
        }
        TestPlatform.await(
                Duration.ofSeconds(30), "the task to fail", () -> "FAILED".equals(TestPlatform.status(client, id)));
        JsonNode view = client.get(id);
        assertTrue(view.get("error").asString().contains(Topics.deadLetter(Topics.TASKS)), view.toString());
        // Both consumer groups of the tasks topic (encoder and trace store) dead-letter what they cannot read.
        var dead = PipelineIT.recordsOf(Topics.deadLetter(Topics.TASKS), id);
        assertFalse(dead.isEmpty());
        dead.forEach(r -> assertEquals("{not json", r.value()));
        TestPlatform.await(Duration.ofSeconds(10), "the trace store to record it", () -> {
            try {
                return PipelineIT.trace(id).get("status").asString().equals("FAILED");
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void anEncodedTaskThatBreaksTheContractIsDeadLetteredAndFailedWhileOthersRun() throws Exception {
        var run = TestPlatform.run(client, TestPlatform.task(client, TestPlatform.png(7), "text", 0, 8));
        String record = PipelineIT.recordsOf(Topics.ENCODED, run.id()).get(0).value();
        String good = "again-" + UUID.randomUUID();
        String bad = "wrong-width-" + UUID.randomUUID();
        String foreign = "other-tower-" + UUID.randomUUID();
        String modeless = "no-mode-" + UUID.randomUUID();
        try (var producer = PipelineIT.producer()) {
            for (String id : List.of(good, bad, foreign, modeless)) {
                String value = PipelineIT.copyFor(record, run.id(), id);
                if (id.equals(modeless)) {
                    // a field the gateway always writes, missing: once an exception that failed the reasoner's whole
                    // poll
                    value = value.replaceFirst("\"mode\":\"text\"", "\"mode\":null");
                    assertTrue(value.contains("\"mode\":null"), value);
                } else if (id.equals(bad)) {
                    value = value.replaceFirst("\"dim\":\\d+", "\"dim\":7");
                } else if (id.equals(foreign)) {
                    // same width, another tower: what a half-rolled bundle upgrade would send
                    value = value.replaceFirst("\"encoderId\":\"[0-9a-f]+\"", "\"encoderId\":\"0123456789abcdef\"");
                    assertTrue(value.contains("0123456789abcdef"), value);
                }
                producer.send(PipelineIT.demoRecord(Topics.ENCODED, id, value)).get();
            }
        }
        TestPlatform.await(Duration.ofSeconds(30), "the four tasks to end", () -> {
            String g = TestPlatform.status(client, good);
            String b = TestPlatform.status(client, bad);
            return "COMPLETED".equals(g)
                    && "FAILED".equals(b)
                    && "FAILED".equals(TestPlatform.status(client, foreign))
                    && "FAILED".equals(TestPlatform.status(client, modeless));
        });
        assertTrue(
                client.get(modeless).get("error").asString().contains("no mode given"),
                client.get(modeless).toString());
        assertTrue(
                client.get(foreign).get("error").asString().contains("vision tower 0123456789abcdef"),
                client.get(foreign).toString());
        JsonNode view = client.get(bad);
        assertTrue(view.get("error").asString().contains(Topics.deadLetter(Topics.ENCODED)), view.toString());
        assertTrue(view.get("error").asString().contains("width 7"), view.toString());
        assertFalse(TestPlatform.records(Topics.deadLetter(Topics.ENCODED)).stream()
                .filter(r -> r.value().contains(bad))
                .toList()
                .isEmpty());
    }

    @Test
    void aStepTheDatabaseRejectsIsDeadLetteredAloneAndTheRestOfItsPollIsStored() throws Exception {
        var run = TestPlatform.run(client, TestPlatform.task(client, TestPlatform.png(8), "text", 0, 8));
        String step = PipelineIT.recordsOf(Topics.STEPS, run.id()).get(0).value();
        String id = "nul-" + UUID.randomUUID();
        try (var producer = PipelineIT.producer()) {
            for (int seq = 0; seq < 3; seq++) {
                String value = PipelineIT.copyFor(step, run.id(), id)
                        .replaceFirst("\"eventId\":\"[^\"]+\"", "\"eventId\":\"" + id + "-" + seq + "\"");
                value = value.replaceFirst("\"seq\":\\d+", "\"seq\":" + seq);
                if (seq == 1) {
                    // PostgreSQL's jsonb refuses a NUL character in text: valid JSON, rejected for good
                    value = value.replaceFirst("\"text\":\"", "\"text\":\"\\\\u0000");
                    assertTrue(value.contains("\\u0000"), value);
                }
                producer.send(PipelineIT.demoRecord(Topics.STEPS, id, value));
            }
            producer.flush();
        }
        TestPlatform.await(
                Duration.ofSeconds(30),
                "the rejected step in the DLT",
                () -> !PipelineIT.recordsOf(Topics.deadLetter(Topics.STEPS), id).isEmpty());
        TestPlatform.await(Duration.ofSeconds(30), "steps 0 and 2 stored", () -> {
            try {
                var seqs = new java.util.TreeSet<Integer>();
                PipelineIT.trace(id)
                        .get("steps")
                        .forEach(st -> seqs.add(st.get("seq").asInt()));
                return seqs.equals(java.util.Set.of(0, 2));
            } catch (Throwable e) {
                return false;
            }
        });
        var dead = PipelineIT.recordsOf(Topics.deadLetter(Topics.STEPS), id);
        assertEquals(1, dead.size(), "only the rejected record");
        assertTrue(dead.get(0).value().contains("\"seq\":1"), dead.get(0).value());
    }

    @Test
    void aPoisonResultIsDeadLetteredAndTheResultsAfterItAreStillRecorded() throws Exception {
        var run = TestPlatform.run(client, TestPlatform.task(client, TestPlatform.png(8), "text", 0, 8));
        String result = PipelineIT.recordsOf(Topics.RESULTS, run.id()).get(0).value();
        String poison = "poison-result-" + UUID.randomUUID();
        String after = "after-poison-" + UUID.randomUUID();
        try (var producer = PipelineIT.producer()) {
            // One partition, the poison first: the gateway reads results a poll at a time, so the poll's
            // records after the poison must be recorded all the same (retried after it is dead-lettered).
            producer.send(new ProducerRecord<>(Topics.RESULTS, 0, poison, "{not json"))
                    .get();
            producer.send(new ProducerRecord<>(Topics.RESULTS, 0, after, PipelineIT.copyFor(result, run.id(), after)))
                    .get();
        }
        TestPlatform.await(
                Duration.ofSeconds(30),
                "the result after the poison to be recorded",
                () -> "COMPLETED".equals(TestPlatform.status(client, after)));
        assertFalse(TestPlatform.records(Topics.deadLetter(Topics.RESULTS)).stream()
                .filter(r -> poison.equals(r.key()))
                .toList()
                .isEmpty());
    }
}
