-- Issue 17: the reconciliation poll runs on the instance holding its lease, and the Reconciliation page of
-- every instance shows it: the last poll, the last that succeeded (each a Reconciliation/PollResult as
-- JSON), when the next is due (Unix milliseconds, UTC) and how many failed in a row. One row. Plain SQL,
-- the same on SQLite and PostgreSQL.
CREATE TABLE reconciliation_status (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    last              TEXT NOT NULL,
    last_succeeded    TEXT,
    next_poll_at      BIGINT NOT NULL,
    failures_in_a_row INTEGER NOT NULL
);
