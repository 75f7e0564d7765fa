-- Current state: one row per number (E.164). Instants are Unix milliseconds, UTC.
CREATE TABLE numbers (
    phone              TEXT PRIMARY KEY,
    country            TEXT,
    account_name       TEXT,
    account_id         TEXT,
    status             TEXT NOT NULL DEFAULT 'unknown',
    reason             TEXT,
    reason_category    TEXT,
    state_event_at     INTEGER,
    status_changed_at  INTEGER,
    last_event_at      INTEGER,
    phone_last_seen_at INTEGER
) WITHOUT ROWID;

CREATE INDEX numbers_account_id ON numbers (account_id) WHERE account_id IS NOT NULL;

-- Append-only history of every accepted delivery. phone is NULL for a legacy event whose
-- account id matches no number yet; it is filled in when a later delivery links the two.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    dedupe_key      TEXT NOT NULL UNIQUE,
    attempt_id      TEXT UNIQUE,
    source          TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    phone           TEXT,
    account_id      TEXT,
    status          TEXT,
    reason          TEXT,
    reason_category TEXT,
    occurred_at     INTEGER NOT NULL,
    received_at     INTEGER NOT NULL,
    payload         TEXT NOT NULL
);

CREATE INDEX events_phone_time ON events (phone, occurred_at DESC, id DESC);
CREATE INDEX events_orphans ON events (account_id) WHERE phone IS NULL;
