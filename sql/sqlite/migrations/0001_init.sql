-- The seed broker's schema; times are milliseconds since the Unix epoch, UTC.
CREATE TABLE shared_results (
    share_token TEXT PRIMARY KEY NOT NULL,
    owner_user_id TEXT NOT NULL,
    result_id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    access_policy TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX shared_results_owner_idx ON shared_results (owner_user_id);
CREATE TABLE user_backups (
    user_id TEXT PRIMARY KEY NOT NULL,
    data BLOB NOT NULL,
    state_hash TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
