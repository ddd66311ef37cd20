-- SQLite has no row locks; a transaction that read this and then writes fails with SQLITE_BUSY
-- rather than overwrite a write committed in between, so a conditional write stays safe.
SELECT state_hash, created_at
FROM user_backups
WHERE user_id = :user_id
