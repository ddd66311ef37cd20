SELECT state_hash, CAST(round(extract(epoch FROM created_at) * 1000) AS BIGINT)
FROM user_backups
WHERE user_id = :user_id
FOR UPDATE
