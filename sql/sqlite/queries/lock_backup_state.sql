SELECT state_hash, created_at
FROM user_backups
WHERE user_id = :user_id
