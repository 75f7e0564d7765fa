-- Issue 17: several instances on one database. A job that must run once (risk and silence passes, the
-- alerts, the reconciliation poll, backups, pruning) runs on the instance named holder until expires_at
-- (Unix milliseconds, UTC), which that instance keeps pushing ahead; once it passes, any instance may
-- take the job over (Storage/Leases.cs). Plain SQL, the same on SQLite and PostgreSQL.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
