-- Who is on a number's outage. Kept apart from numbers so the single writer's upsert of a
-- number's state never clobbers it. outage_since is the number's status_changed_at when it was
-- acknowledged: the acknowledgement shows only while the number is still in that same outage.
CREATE TABLE incidents (
    phone           TEXT PRIMARY KEY,
    acknowledged_by TEXT NOT NULL,
    acknowledged_at INTEGER NOT NULL,
    outage_since    INTEGER
) WITHOUT ROWID;

-- Support's notes on a number, newest first on its page.
CREATE TABLE incident_notes (
    id         INTEGER PRIMARY KEY,
    phone      TEXT NOT NULL,
    author     TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE INDEX incident_notes_phone_time ON incident_notes (phone, created_at DESC, id DESC);

-- The number page's timeline filtered by type, and its availability (status changes only),
-- stay index range scans however many message events a number has.
CREATE INDEX events_phone_type_time ON events (phone, event_type, occurred_at DESC, id DESC);
CREATE INDEX events_phone_status_time ON events (phone, occurred_at DESC, id DESC) WHERE status IS NOT NULL;
