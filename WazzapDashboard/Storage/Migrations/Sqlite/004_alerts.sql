-- Alerts and relays. Instants are Unix milliseconds, UTC; lists are JSON arrays of strings.

-- Channels added in the UI (channels declared in configuration are not stored). The name is the key
-- rules, the outbox and relay cursors refer to; it cannot be changed once created.
CREATE TABLE alert_channels (
    name          TEXT PRIMARY KEY COLLATE NOCASE,
    type          TEXT NOT NULL,              -- slack | email | webhook
    url           TEXT,
    secret        TEXT,
    relay         TEXT NOT NULL DEFAULT 'off', -- off | status | all (webhook channels only)
    smtp_host     TEXT,
    smtp_port     INTEGER,
    smtp_security TEXT,
    smtp_user     TEXT,
    smtp_password TEXT,
    mail_from     TEXT,
    mail_to       TEXT,
    quiet_from    TEXT,                       -- HH:mm, local to time_zone
    quiet_to      TEXT,
    time_zone     TEXT,
    created_at    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE alert_rules (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    changes  TEXT NOT NULL,                   -- ["disconnected","banned","at_risk","expired","reconnected"]
    clients  TEXT NOT NULL DEFAULT '[]',      -- empty clients and phones: every number
    phones   TEXT NOT NULL DEFAULT '[]',
    channels TEXT NOT NULL,
    enabled  INTEGER NOT NULL DEFAULT 1
);

-- What the alerts have last said about each number: one alert per outage, flap collapse.
CREATE TABLE alert_numbers (
    phone             TEXT PRIMARY KEY,
    condition         TEXT NOT NULL,          -- unknown | healthy | at_risk | expired | disconnected | banned | recovering
    since             INTEGER NOT NULL,
    outage_started_at INTEGER,
    recovered_at      INTEGER,
    flaps             INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Numbers already down when alerts arrive are old news, not a storm of alerts.
INSERT INTO alert_numbers (phone, condition, since, outage_started_at)
SELECT phone,
       CASE status WHEN 'connected' THEN 'healthy' WHEN 'disconnected' THEN 'disconnected' WHEN 'banned' THEN 'banned' ELSE 'unknown' END,
       coalesce(status_changed_at, last_event_at, 0),
       CASE WHEN status IN ('disconnected', 'banned') THEN status_changed_at END
FROM numbers;

-- Changes routed to a channel, waiting to be grouped into messages (group wait, incidents, quiet hours).
CREATE TABLE alert_pending (
    id                INTEGER PRIMARY KEY,
    channel           TEXT NOT NULL,
    phone             TEXT NOT NULL,
    kind              TEXT NOT NULL,          -- disconnected | banned | at_risk | expired | reconnected
    client            TEXT,
    account_name      TEXT,
    reason            TEXT,
    reason_category   TEXT,
    days_until_expiry INTEGER,
    outage_started_at INTEGER,
    flaps             INTEGER NOT NULL DEFAULT 0,
    occurred_at       INTEGER NOT NULL,
    queued_at         INTEGER NOT NULL
);

CREATE INDEX alert_pending_channel ON alert_pending (channel, id);

-- Messages to deliver. A failed attempt stays here with its error and the time of the next one,
-- so retries and their backoff survive a restart.
CREATE TABLE alert_outbox (
    id              INTEGER PRIMARY KEY,
    channel         TEXT NOT NULL,
    kind            TEXT NOT NULL,            -- a change kind, or incident | grouped | digest
    title           TEXT NOT NULL,
    text            TEXT NOT NULL,
    body            TEXT NOT NULL,            -- the JSON a webhook channel posts
    numbers         INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_error      TEXT,
    sent_at         INTEGER,
    gave_up_at      INTEGER
);

CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at) WHERE sent_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX alert_outbox_channel ON alert_outbox (channel, created_at);

-- Relay: every stored gateway event is queued in the same transaction as its history row, so an
-- acknowledged delivery is never missed by a relay, whatever happens after the commit. The trigger
-- costs nothing while no channel relays. AUTOINCREMENT: a sequence number is never reused, so a
-- cursor cannot skip an event even after history is purged.
CREATE TABLE relay_queue (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id INTEGER NOT NULL
);

-- One row per relaying channel: how far it has delivered, and its retry state.
CREATE TABLE alert_relays (
    channel         TEXT PRIMARY KEY,
    last_seq        INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_attempt_at INTEGER,
    last_error      TEXT,
    last_sent_at    INTEGER
) WITHOUT ROWID;

CREATE TRIGGER relay_stored_events AFTER INSERT ON events
WHEN EXISTS (SELECT 1 FROM alert_relays)
BEGIN
    INSERT INTO relay_queue (event_id) VALUES (NEW.id);
END;
