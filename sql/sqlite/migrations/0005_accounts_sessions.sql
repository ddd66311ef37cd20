-- Accounts of AUTH_MODE=password (PASSWORD_SOURCE=accounts): the password only as an Argon2id
-- hash in libsodium's encoded form. Times are milliseconds since the Unix epoch, UTC.
CREATE TABLE accounts (
    user_id TEXT PRIMARY KEY NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL,
    last_login_at INTEGER
);
-- Sessions from POST /auth/login. The token itself is never stored, only its SHA-256; session_id
-- names a session to administrators.
CREATE TABLE sessions (
    session_id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    client_address TEXT NOT NULL,
    endpoint TEXT
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
