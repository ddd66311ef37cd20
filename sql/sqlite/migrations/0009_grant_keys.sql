-- The keys that sign download grants (share_info's grant). The private key is stored only
-- sealed (libsodium secretbox under GRANT_KEY_FILE's key: nonce, then ciphertext), so that a
-- copy of the database alone cannot sign. kid is the key's RFC 7638 thumbprint. The current key
-- is the newest one not retired; a retired key stays published in jwks.json until every grant
-- it signed has expired, and is deleted at a later rotation. Times are milliseconds since the
-- Unix epoch, UTC.
CREATE TABLE grant_keys (
    kid TEXT PRIMARY KEY NOT NULL,
    sealed_private_key BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER
);
