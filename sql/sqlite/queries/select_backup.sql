SELECT data, state_hash, size_bytes, created_at, updated_at
FROM user_backups
WHERE user_id = :user_id
