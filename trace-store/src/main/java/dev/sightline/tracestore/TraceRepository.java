package dev.sightline.tracestore;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Upserts only: every write is keyed by the event's identity (task id; task id and seq), so replays change
 * nothing, and the first terminal status of a task is kept (a late duplicate or a deadline failure racing a
 * completion cannot overwrite it).
 */
@Repository
class TraceRepository {
    private static final String TERMINAL = "('COMPLETED','FAILED','CANCELLED')";

    private final JdbcClient client;
    private final JdbcTemplate jdbc;

    TraceRepository(JdbcClient client, JdbcTemplate jdbc) {
        this.client = client;
        this.jdbc = jdbc;
    }

    /** A submitted task to store. */
    record SubmittedRow(
            String taskId,
            String tenant,
            String question,
            String optionsJson,
            String digestsJson,
            Instant submitted,
            Instant deadline) {}

    /**
     * Stores a poll's submitted tasks in one JDBC batch; the status a step or result already set is kept, and so is
     * the first submission time (a reasoner that sends a task back to the encoder republishes its record later).
     */
    void upsertSubmitted(List<SubmittedRow> rows) {
        jdbc.batchUpdate(
                """
                INSERT INTO tasks (task_id, tenant, question, options, image_digests, submitted_at, deadline)
                VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?)
                ON CONFLICT (task_id) DO UPDATE SET tenant = EXCLUDED.tenant, question = EXCLUDED.question,
                  options = EXCLUDED.options, image_digests = EXCLUDED.image_digests,
                  submitted_at = COALESCE(tasks.submitted_at, EXCLUDED.submitted_at), deadline = EXCLUDED.deadline,
                  updated_at = now()
                """,
                rows.stream()
                        .map(r -> new Object[] {
                            r.taskId(),
                            r.tenant(),
                            r.question(),
                            r.optionsJson(),
                            r.digestsJson(),
                            ts(r.submitted()),
                            ts(r.deadline())
                        })
                        .toList());
    }

    /** A step to store. */
    record StepRow(String taskId, String tenant, int seq, String kind, String recordJson, Instant occurred) {}

    /**
     * Stores a poll's steps in one JDBC batch; a task's first step also creates or advances its row (steps may
     * overtake the task event, which travels on another topic).
     */
    void upsertSteps(List<StepRow> rows) {
        List<Object[]> firsts = rows.stream()
                .filter(r -> r.seq() == 0)
                .map(r -> new Object[] {r.taskId(), r.tenant()})
                .toList();
        if (!firsts.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO tasks (task_id, tenant, status) VALUES (?, ?, 'RUNNING')
                    ON CONFLICT (task_id) DO UPDATE SET
                      status = CASE WHEN tasks.status = 'QUEUED' THEN 'RUNNING' ELSE tasks.status END,
                      tenant = COALESCE(tasks.tenant, EXCLUDED.tenant)
                    """, firsts);
        }
        jdbc.batchUpdate(
                """
                INSERT INTO steps (task_id, seq, kind, record, occurred_at) VALUES (?, ?, ?, CAST(? AS jsonb), ?)
                ON CONFLICT (task_id, seq) DO NOTHING
                """,
                rows.stream()
                        .map(r -> new Object[] {r.taskId(), r.seq(), r.kind(), r.recordJson(), ts(r.occurred())})
                        .toList());
    }

    /** A result to store. */
    record ResultRow(
            String taskId,
            String tenant,
            String status,
            String answer,
            String finishReason,
            String error,
            String stage,
            boolean degraded,
            int steps,
            String usageJson,
            String cacheHitsJson,
            Instant finished) {}

    /**
     * Stores a poll's results in one JDBC batch, in order: a task's first terminal status is kept, so of two results
     * for one task in the same batch the first wins.
     */
    void upsertResults(List<ResultRow> rows) {
        jdbc.batchUpdate(
                """
                INSERT INTO tasks (task_id, tenant, status, answer, finish_reason, error, stage, degraded,
                                   step_count, usage, feature_cache_hits, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?)
                ON CONFLICT (task_id) DO UPDATE SET status = EXCLUDED.status, answer = EXCLUDED.answer,
                  finish_reason = EXCLUDED.finish_reason, error = EXCLUDED.error, stage = EXCLUDED.stage,
                  degraded = EXCLUDED.degraded, step_count = EXCLUDED.step_count, usage = EXCLUDED.usage,
                  feature_cache_hits = EXCLUDED.feature_cache_hits, finished_at = EXCLUDED.finished_at,
                  tenant = COALESCE(tasks.tenant, EXCLUDED.tenant), updated_at = now()
                WHERE tasks.status NOT IN """ + TERMINAL,
                rows.stream()
                        .map(r -> new Object[] {
                            r.taskId(),
                            r.tenant(),
                            r.status(),
                            r.answer(),
                            r.finishReason(),
                            r.error(),
                            r.stage(),
                            r.degraded(),
                            r.steps(),
                            r.usageJson(),
                            r.cacheHitsJson(),
                            ts(r.finished())
                        })
                        .toList());
    }

    Map<String, Object> task(String taskId) {
        return client.sql("""
                        SELECT task_id, tenant, question, options::text AS options, image_digests::text AS image_digests,
                               status, answer, finish_reason, error, stage, degraded, step_count, usage::text AS usage,
                               feature_cache_hits::text AS feature_cache_hits, submitted_at, deadline, finished_at
                        FROM tasks WHERE task_id = :id""").param("id", taskId).query().listOfRows().stream()
                .findFirst()
                .orElse(null);
    }

    List<String> steps(String taskId) {
        return client.sql("SELECT record::text FROM steps WHERE task_id = :id ORDER BY seq")
                .param("id", taskId)
                .query(String.class)
                .list();
    }

    List<Map<String, Object>> list(String tenant, String status, Instant since, Instant until, int limit, int offset) {
        return client.sql("""
                        SELECT task_id, tenant, question, status, answer, error, degraded, step_count, submitted_at,
                               finished_at
                        FROM tasks
                        WHERE (CAST(:tenant AS text) IS NULL OR tenant = :tenant)
                          AND (CAST(:status AS text) IS NULL OR status = :status)
                          AND (CAST(:since AS timestamptz) IS NULL OR submitted_at >= :since)
                          AND (CAST(:until AS timestamptz) IS NULL OR submitted_at < :until)
                        ORDER BY submitted_at DESC NULLS LAST, task_id
                        LIMIT :limit OFFSET :offset""")
                .param("tenant", tenant)
                .param("status", status)
                .param("since", ts(since))
                .param("until", ts(until))
                .param("limit", limit)
                .param("offset", offset)
                .query()
                .listOfRows();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
