-- PostgreSQL storage format 2: the work queue shared by `sitrep worker` processes.
-- Released: never edit this file.
--
-- `sitrep ingest --queue` adds one row per input article; a worker claims the oldest ready
-- row with FOR UPDATE SKIP LOCKED and holds it for a lease. A worker that dies leaves its
-- lease to expire, and the row is claimed again. Done rows stay, with their outcome, as the
-- record of what each input became.
CREATE TABLE work_queue (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the input and position it came from, and how it reached us (page, feed, text, jsonl)
    origin              TEXT NOT NULL,
    kind                TEXT NOT NULL,
    -- the Article as ingest produced it, and ingest's diagnostics about the input
    article             JSONB NOT NULL,
    input_diagnostics   JSONB NOT NULL,
    -- queued (waiting or leased), done, failed
    state               TEXT NOT NULL DEFAULT 'queued',
    attempts            INTEGER NOT NULL DEFAULT 0,
    worker              TEXT,
    leased_until        TIMESTAMPTZ,
    -- new, version, duplicate, near-duplicate; or the error that failed it
    outcome             TEXT,
    version_id          BIGINT REFERENCES article_versions(id),
    enqueued_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    done_at             TIMESTAMPTZ
);
CREATE INDEX work_queue_ready ON work_queue(id) WHERE state = 'queued';
