SELECT data, state_hash, size_bytes, CAST(round(extract(epoch FROM created_at) * 1000) AS BIGINT), CAST(round(extract(epoch FROM updated_at) * 1000) AS BIGINT)
FROM user_backups
WHERE user_id = :user_id
