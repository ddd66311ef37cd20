-- The seed broker's schema.
CREATE TABLE shared_results (
    share_token TEXT PRIMARY KEY,
    owner_user_id TEXT NOT NULL,
    result_id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    access_policy JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    revoked_at TIMESTAMPTZ
);
CREATE INDEX shared_results_owner_idx ON shared_results (owner_user_id);
CREATE TABLE user_backups (
    user_id TEXT PRIMARY KEY,
    data BYTEA NOT NULL,
    state_hash TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
