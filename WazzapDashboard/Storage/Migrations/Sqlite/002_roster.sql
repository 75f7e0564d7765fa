-- The roster: what staff know about a number, written only by roster actions, never by webhooks.
-- removed_at hides a number from lists while keeping its row and history; only a purge deletes them.
ALTER TABLE numbers ADD COLUMN client        TEXT;
ALTER TABLE numbers ADD COLUMN label         TEXT;
ALTER TABLE numbers ADD COLUMN owner         TEXT;
ALTER TABLE numbers ADD COLUMN notes         TEXT;
ALTER TABLE numbers ADD COLUMN runs_campaign INTEGER NOT NULL DEFAULT 0;
ALTER TABLE numbers ADD COLUMN removed_at    INTEGER;

-- Who recorded a manual confirmation (check-in, reconnected); NULL for gateway deliveries.
ALTER TABLE events ADD COLUMN actor TEXT;

-- Where the risk monitor's last pass ended, so a restart pushes what crossed a line while it was down.
CREATE TABLE risk_checkpoint (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    evaluated_at INTEGER NOT NULL
);
