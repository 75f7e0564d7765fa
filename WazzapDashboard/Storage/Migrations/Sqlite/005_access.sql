-- People who sign in. password_hash is ASP.NET Core's PasswordHasher format.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'support', 'viewer')),
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER,
    created_at    INTEGER NOT NULL
);

-- Machine access: API keys (header X-Api-Key) and wall links (/wall?key=...).
-- Only a SHA-256 of each key is kept; the key itself is shown once, when it is made.
CREATE TABLE access_keys (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('api', 'wall')),
    name         TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    can_write    INTEGER NOT NULL DEFAULT 0,
    client       TEXT,
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
