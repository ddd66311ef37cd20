SELECT user_id, disabled, CAST(round(extract(epoch FROM created_at) * 1000) AS BIGINT), CAST(round(extract(epoch FROM password_changed_at) * 1000) AS BIGINT), CAST(round(extract(epoch FROM last_login_at) * 1000) AS BIGINT), password_hash
FROM accounts
WHERE user_id = :user_id
