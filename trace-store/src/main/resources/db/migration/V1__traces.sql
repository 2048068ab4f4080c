-- One row per task; filled from whichever of its events arrives first (tasks, steps and results travel on
-- different topics), so every column but the key may be null for a while.
CREATE TABLE tasks (
    task_id            TEXT PRIMARY KEY,
    tenant             TEXT,
    question           TEXT,
    options            JSONB,
    image_digests      JSONB,
    status             TEXT NOT NULL DEFAULT 'QUEUED',
    answer             TEXT,
    finish_reason      TEXT,
    error              TEXT,
    stage              TEXT,
    degraded           BOOLEAN NOT NULL DEFAULT FALSE,
    step_count         INTEGER,
    usage              JSONB,
    feature_cache_hits JSONB,
    submitted_at       TIMESTAMPTZ,
    deadline           TIMESTAMPTZ,
    finished_at        TIMESTAMPTZ,
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX tasks_tenant_status_submitted ON tasks (tenant, status, submitted_at DESC);

-- One row per step record; (task_id, seq) is the record's identity, so a replayed event is an upsert of the
-- same row.
CREATE TABLE steps (
    task_id     TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    record      JSONB   NOT NULL,
    occurred_at TIMESTAMPTZ,
    PRIMARY KEY (task_id, seq)
);
