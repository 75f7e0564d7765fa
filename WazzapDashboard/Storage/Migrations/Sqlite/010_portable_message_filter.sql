-- Issue 17: queries run on SQLite and PostgreSQL alike, and PostgreSQL has no GLOB. The per-type index
-- leaves out message rows with LIKE, the filter the queries now write, so SQLite still uses it.
DROP INDEX events_phone_history_type;
CREATE INDEX events_phone_history_type ON events (phone, event_type, occurred_at DESC, id DESC) WHERE event_type NOT LIKE 'message.%';
