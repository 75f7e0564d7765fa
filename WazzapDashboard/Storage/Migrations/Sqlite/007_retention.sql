-- Bounded storage (issue 13). Instants are Unix milliseconds, UTC.

-- Duplicate detection: one 64-bit hash of each delivery's dedupe key (Storage/KeyHash.cs) and when it
-- was first seen. Replaces the two unique indexes on random-id text columns of events; kept for
-- Ingest:DedupeWindow, pruned in slices of the hash range.
CREATE TABLE dedupe_keys (
    hash    INTEGER PRIMARY KEY,
    seen_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Message activity per number and hour, counted at ingest; outlives the raw message rows.
-- Keyed by hour first, so the hour being written is a handful of adjacent pages.
CREATE TABLE message_counts (
    hour_start INTEGER NOT NULL,
    phone      TEXT NOT NULL,
    sent       INTEGER NOT NULL DEFAULT 0,
    delivered  INTEGER NOT NULL DEFAULT 0,
    read       INTEGER NOT NULL DEFAULT 0,
    received   INTEGER NOT NULL DEFAULT 0,
    failed     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (hour_start, phone)
) WITHOUT ROWID;

CREATE INDEX message_counts_phone ON message_counts (phone, hour_start);

-- What the pruner and the backups last did, for the Storage page; prune_cursor is the id below
-- which no message row is waiting to be pruned.
CREATE TABLE maintenance (
    task            TEXT PRIMARY KEY,     -- prune | backup
    last_started_at INTEGER,
    last_ok_at      INTEGER,
    last_failed_at  INTEGER,
    last_error      TEXT,
    detail          TEXT,
    prune_cursor    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- History as counters too: an upgraded database shows its old message activity once its raw rows go.
INSERT INTO message_counts (hour_start, phone, sent, delivered, read, received, failed)
SELECT occurred_at / 3600000 * 3600000, phone,
       sum(event_type = 'message.sent'), sum(event_type = 'message.delivered'), sum(event_type = 'message.read'),
       sum(event_type = 'message.received'), sum(event_type = 'message.failed')
FROM events
WHERE phone IS NOT NULL
  AND event_type IN ('message.sent', 'message.delivered', 'message.read', 'message.received', 'message.failed')
GROUP BY 1, 2;

-- Keys already stored stay duplicates (the pruner drops those older than the window).
INSERT INTO dedupe_keys (hash, seen_at)
SELECT key_hash(dedupe_key), max(received_at) FROM events GROUP BY 1;

-- events without its unique indexes (dedupe_key, attempt_id), and its per-type index now leaves out
-- message rows (most of the traffic): a message type filter reads the few days of raw rows instead. SQLite cannot drop a
-- UNIQUE constraint, so the table is copied, ids kept (the relay queue refers to them).
-- AUTOINCREMENT: ids only ever grow, even once pruning has deleted the newest rows, so they stay in
-- arrival order and the pruner's cursor never passes over a new row.
CREATE TABLE events_007 (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    dedupe_key      TEXT NOT NULL,
    attempt_id      TEXT,
    source          TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    phone           TEXT,
    account_id      TEXT,
    status          TEXT,
    reason          TEXT,
    reason_category TEXT,
    occurred_at     INTEGER NOT NULL,
    received_at     INTEGER NOT NULL,
    payload         TEXT NOT NULL,
    actor           TEXT,
    claimed_at      INTEGER
);

INSERT INTO events_007 (id, dedupe_key, attempt_id, source, event_type, phone, account_id, status, reason,
                        reason_category, occurred_at, received_at, payload, actor, claimed_at)
SELECT id, dedupe_key, attempt_id, source, event_type, phone, account_id, status, reason,
       reason_category, occurred_at, received_at, payload, actor, claimed_at
FROM events ORDER BY id;

DROP TABLE events;
ALTER TABLE events_007 RENAME TO events;

CREATE INDEX events_phone_time ON events (phone, occurred_at DESC, id DESC);
CREATE INDEX events_orphans ON events (account_id) WHERE phone IS NULL;
CREATE INDEX events_phone_status_time ON events (phone, occurred_at DESC, id DESC) WHERE status IS NOT NULL;
CREATE INDEX events_phone_history_type ON events (phone, event_type, occurred_at DESC, id DESC) WHERE event_type NOT GLOB 'message.*';

CREATE TRIGGER relay_stored_events AFTER INSERT ON events
WHEN EXISTS (SELECT 1 FROM alert_relays)
BEGIN
    INSERT INTO relay_queue (event_id) VALUES (NEW.id);
END;
