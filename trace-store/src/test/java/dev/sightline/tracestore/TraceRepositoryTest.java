package dev.sightline.tracestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trace store's guarantees on a real PostgreSQL (embedded, migrated by the service's own Flyway scripts): a
 * task's row is filled from whichever of its events comes first, replays change nothing, the first terminal status
 * wins, and a trace is {@code complete} only when everything it is made of is stored. Each test uses its own ids.
 */
class TraceRepositoryTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private static EmbeddedPostgres postgres;
    private static TraceRepository repository;
    private static TraceController controller;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
        var dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).load().migrate();
        repository = new TraceRepository(JdbcClient.create(dataSource), new JdbcTemplate(dataSource));
        controller = new TraceController(repository, JsonMapper.builder().build());
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static TraceRepository.SubmittedRow submitted(String id, String tenant, Instant at) {
        return new TraceRepository.SubmittedRow(
                id, tenant, "How many cubes?", "{\"mode\":\"latent\"}", "[\"sha256:ab\"]", at, at.plusSeconds(60));
    }

    private static TraceRepository.StepRow step(String id, int seq) {
        return new TraceRepository.StepRow(
                id, "acme", seq, "TEXT", "{\"seq\":" + seq + ",\"kind\":\"TEXT\"}", T0.plusMillis(seq));
    }

    private static TraceRepository.ResultRow result(String id, String status, String answer, int steps) {
        return new TraceRepository.ResultRow(
                id, "acme", status, answer, "stop", null, null, false, steps, "{}", "[]", T0.plusSeconds(1));
    }

    @Test
    void stepsThatOvertakeTheirTaskStartItsRowRunningAndTheTaskRecordFillsItWithoutSettingItBack() {
        repository.upsertSteps(List.of(step("overtaken", 0)));
        assertEquals("RUNNING", repository.task("overtaken").get("status"));
        assertNull(repository.task("overtaken").get("question"));
        repository.upsertSubmitted(List.of(submitted("overtaken", "acme", T0)));
        Map<String, Object> row = repository.task("overtaken");
        assertEquals("RUNNING", row.get("status"), "the task record keeps the status its steps set");
        assertEquals("How many cubes?", row.get("question"));
        assertEquals("acme", row.get("tenant"));
        // the same task's record again, later (sent back to the encoder): its first submission time stays
        repository.upsertSubmitted(List.of(submitted("overtaken", "acme", T0.plusSeconds(5))));
        assertEquals(T0, ((java.sql.Timestamp) repository.task("overtaken").get("submitted_at")).toInstant());
    }

    @Test
    void aReplayedStepOrResultChangesNothingAndTheFirstTerminalStatusWins() {
        repository.upsertSubmitted(List.of(submitted("replayed", "acme", T0)));
        repository.upsertSteps(List.of(step("replayed", 0), step("replayed", 1)));
        repository.upsertSteps(List.of(
                new TraceRepository.StepRow("replayed", "acme", 1, "TEXT", "{\"seq\":1,\"kind\":\"LATE\"}", T0),
                step("replayed", 0)));
        repository.upsertResults(List.of(result("replayed", "COMPLETED", "3", 2)));
        // a deadline failure racing the completion, then the completion replayed with another answer
        repository.upsertResults(
                List.of(result("replayed", "FAILED", null, 0), result("replayed", "COMPLETED", "4", 2)));
        assertEquals(
                List.of("{\"seq\": 0, \"kind\": \"TEXT\"}", "{\"seq\": 1, \"kind\": \"TEXT\"}"),
                repository.steps("replayed"));
        Map<String, Object> row = repository.task("replayed");
        assertEquals("COMPLETED", row.get("status"));
        assertEquals("3", row.get("answer"));
    }

    @Test
    void aTraceIsCompleteOnlyWithTheTasksOwnRecordItsEndAndEveryStepItsResultCounts() {
        repository.upsertResults(List.of(result("partial", "COMPLETED", "3", 3)));
        repository.upsertSteps(List.of(step("partial", 0), step("partial", 1), step("partial", 2)));
        assertFalse(complete("partial"), "the result made the row: no question or options yet");
        repository.upsertSubmitted(List.of(submitted("partial", "acme", T0)));
        assertTrue(complete("partial"));

        repository.upsertSubmitted(List.of(submitted("missing-step", "acme", T0)));
        repository.upsertSteps(List.of(step("missing-step", 0), step("missing-step", 2)));
        repository.upsertResults(List.of(result("missing-step", "COMPLETED", "3", 3)));
        assertFalse(complete("missing-step"), "seq 1 is still on its way");

        repository.upsertSubmitted(List.of(submitted("running", "acme", T0)));
        repository.upsertSteps(List.of(step("running", 0)));
        assertFalse(complete("running"), "not ended");
    }

    @Test
    void aTaskRunAgainAfterAHandBackShowsTheStepsItsResultCounts() {
        // a first run got to seq 4 before its reasoner stopped; the second, shorter run ended at 3 steps
        repository.upsertSubmitted(List.of(submitted("rerun", "acme", T0)));
        repository.upsertSteps(
                List.of(step("rerun", 0), step("rerun", 1), step("rerun", 2), step("rerun", 3), step("rerun", 4)));
        repository.upsertResults(List.of(result("rerun", "COMPLETED", "3", 3)));
        Map<String, Object> trace = controller.trace("rerun");
        assertEquals(3, ((List<?>) trace.get("steps")).size());
        assertEquals(true, trace.get("complete"));
    }

    @Test
    void theListIsOneTenantsNewestFirstFilteredByStatusAndPaged() {
        for (int i = 0; i < 5; i++) {
            repository.upsertSubmitted(List.of(submitted("listed-" + i, "listing", T0.plusSeconds(i))));
        }
        repository.upsertSubmitted(List.of(submitted("other-tenant", "elsewhere", T0.plusSeconds(9))));
        repository.upsertResults(List.of(result("listed-3", "FAILED", null, 0)));
        Map<String, Object> first = controller.list("listing", null, null, null, 0, 2);
        assertEquals(List.of("listed-4", "listed-3"), ids(first));
        assertEquals(true, first.get("has_more"));
        Map<String, Object> last = controller.list("listing", null, null, null, 2, 2);
        assertEquals(List.of("listed-0"), ids(last));
        assertEquals(false, last.get("has_more"));
        assertEquals(List.of("listed-3"), ids(controller.list("listing", "FAILED", null, null, 0, 50)));
        assertEquals(
                List.of("listed-2", "listed-1"),
                ids(controller.list(
                        "listing",
                        null,
                        T0.plusSeconds(1).toString(),
                        T0.plusSeconds(3).toString(),
                        0,
                        50)));
        var bad =
                assertThrows(ErrorResponseException.class, () -> controller.list("listing", "DONE", null, null, 0, 50));
        assertEquals(400, bad.getStatusCode().value());
        assertThrows(ErrorResponseException.class, () -> controller.list(null, null, "yesterday", null, 0, 50));
        assertEquals(
                404,
                assertThrows(ErrorResponseException.class, () -> controller.trace("nobody"))
                        .getStatusCode()
                        .value());
    }

    private static boolean complete(String id) {
        return Boolean.TRUE.equals(controller.trace(id).get("complete"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("items"))
                .stream().map(r -> (String) r.get("task_id")).toList();
    }
}
