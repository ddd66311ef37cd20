-- Accounts of AUTH_MODE=password (PASSWORD_SOURCE=accounts): the password only as an Argon2id
-- hash in libsodium's encoded form.
CREATE TABLE accounts (
    user_id TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    password_changed_at TIMESTAMPTZ NOT NULL,
    last_login_at TIMESTAMPTZ
);
-- Sessions from POST /auth/login. The token itself is never stored, only its SHA-256; session_id
-- names a session to administrators.
CREATE TABLE sessions (
    session_id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    client_address TEXT NOT NULL,
    endpoint TEXT
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
