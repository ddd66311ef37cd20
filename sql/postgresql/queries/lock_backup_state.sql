-- The row stays locked until the transaction ends, so a conditional write cannot interleave
-- with another broker's write to the same backup.
SELECT state_hash, CAST(round(extract(epoch FROM created_at) * 1000) AS BIGINT)
FROM user_backups
WHERE user_id = :user_id
FOR UPDATE
